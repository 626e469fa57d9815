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
  sentenceList(panel, "long_sentences", report.long_sentences);
  sentenceList(panel, "too_long", report.too_long_sentences);
  // A list with nothing in it is hidden: the panel shows only what needs work.
  const filled = {
    too_long: report.too_long_sentences, long_sentences: report.long_sentences,
    uncommon: report.uncommon_words, long_words: report.long_words,
  };
  for (const [name, items] of Object.entries(filled)) {
    panel.querySelector(`[data-group="${name}"]`).hidden = items.length === 0;
  }
}

function sentenceList(panel, name, sentences) {
  panel.querySelector(`[data-field="${name}"]`).replaceChildren(...sentences.map((sentence) => {
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
