// The easy-reading panel: measures the text while the editor types (debounced), using the same
// server-side measures as on save (app/readability), so the two never disagree.
const DELAY_MS = 400;

function csrfToken(form) {
  return form.querySelector('input[name="csrf_token"]').value;
}

function fill(panel, report) {
  const set = (name, value) => { panel.querySelector(`[data-field="${name}"]`).textContent = value; };
  panel.classList.remove("verdict-good", "verdict-warn", "verdict-hard");
  panel.classList.add(`verdict-${report.verdict}`);
  set("verdict", panel.dataset[report.verdict]);
  set("flesch", `${report.flesch_douma} (${report.flesch_douma_band})`);
  set("brouwer", `${report.brouwer} (${report.brouwer_band})`);
  set("wps", String(report.words_per_sentence));
  set("uncommon", report.uncommon_words.join(", "));
  set("long_words", report.long_words.join(", "));
  const list = panel.querySelector('[data-field="long_sentences"]');
  list.replaceChildren(...report.long_sentences.map((sentence) => {
    const item = document.createElement("li");
    const mark = document.createElement("mark");
    mark.textContent = sentence;
    item.append(mark);
    return item;
  }));
}

function watch(panel, form) {
  const textarea = document.getElementById(panel.dataset.target);
  let timer = null;
  let latest = 0;
  textarea.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(async () => {
      const asked = ++latest;
      try {
        const response = await fetch("/editor/readability", {
          method: "POST",
          credentials: "same-origin",
          headers: { "Content-Type": "application/json", "X-CSRFToken": csrfToken(form) },
          body: JSON.stringify({ text: textarea.value, kind: panel.dataset.readability }),
        });
        if (response.ok && asked === latest) fill(panel, await response.json());
      } catch (error) {
        /* offline: the panel is updated again on save */
      }
    }, DELAY_MS);
  });
}

const form = document.querySelector("[data-card-form]");
if (form) for (const panel of form.querySelectorAll("[data-readability]")) watch(panel, form);
