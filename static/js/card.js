// A lesson card: the "Makkelijk lezen" switch, "Lees voor", and the practice task form.
import { outbox } from "./outbox.js";
import { t } from "./text.js";

function easyKey(userId) {
  return `leerplek-easy-${userId}`;
}

function setupEasyReading(card, userId) {
  const toggle = card.querySelector("[data-easy-switch]");
  const normal = card.querySelector('[data-text="normal"]');
  const easy = card.querySelector('[data-text="easy"]');
  const apply = (on) => {
    toggle.setAttribute("aria-checked", String(on));
    normal.hidden = on;
    easy.hidden = !on;
  };
  // Remembered on the phone per learner, so it also holds offline.
  apply(localStorage.getItem(easyKey(userId)) === "1");
  toggle.addEventListener("click", () => {
    const on = toggle.getAttribute("aria-checked") !== "true";
    localStorage.setItem(easyKey(userId), on ? "1" : "0");
    apply(on);
  });
}

function setupReadAloud(card) {
  const button = card.querySelector("[data-read-aloud]");
  if (!("speechSynthesis" in window) || typeof SpeechSynthesisUtterance !== "function") return;
  const label = button.querySelector("[data-read-label]");
  const idleLabel = label.textContent;
  const stopLabel = button.dataset.stopLabel || "Stop";
  button.hidden = false;
  const reset = () => { label.textContent = idleLabel; };
  button.addEventListener("click", () => {
    if (speechSynthesis.speaking) {
      speechSynthesis.cancel();
      reset();
      return;
    }
    const text = [...card.querySelectorAll("[data-read]")]
      .filter((element) => element.offsetParent !== null)
      .map((element) => element.innerText)
      .join(". ");
    const utterance = new SpeechSynthesisUtterance(text);
    utterance.lang = "nl-NL";
    const dutch = speechSynthesis.getVoices().find((voice) => voice.lang.toLowerCase().startsWith("nl"));
    if (dutch) utterance.voice = dutch;
    utterance.rate = 0.9;
    utterance.onend = reset;
    utterance.onerror = reset;
    label.textContent = stopLabel;
    speechSynthesis.speak(utterance);
  });
}

function setupTaskForm(form, card, userId, afterSave) {
  const taskTitle = form.closest("section").querySelector("h2").textContent.trim();
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const data = new FormData(form);
    const error = form.querySelector("[data-form-error]");
    const saved = form.querySelector("[data-saved]");
    if (!data.get("reflection")) {
      error.hidden = false;
      form.querySelector('input[name="reflection"]').focus();
      return;
    }
    error.hidden = true;
    const button = form.querySelector('button[type="submit"]');
    button.disabled = true;
    try {
      await outbox.add(userId, {
        task_id: Number(form.dataset.taskId),
        card_version: Number(card.dataset.cardVersion),
        reflection: data.get("reflection"),
        note: String(data.get("note") || "").trim(),
        title: taskTitle,
      });
      form.reset();
      const done = card.querySelector(`[data-task-done="${form.dataset.taskId}"]`);
      if (done) done.hidden = false;
      saved.textContent = navigator.onLine ? t("saved") : t("saved_offline");
      afterSave();
    } finally {
      button.disabled = false;
    }
  });
}

export function setupCard(userId, afterSave) {
  const card = document.querySelector("[data-card]");
  if (!card) return;
  card.querySelector("[data-card-tools]").hidden = false;
  setupEasyReading(card, userId);
  setupReadAloud(card);
  for (const form of card.querySelectorAll("[data-task-form]")) setupTaskForm(form, card, userId, afterSave);
}
