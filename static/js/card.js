// A lesson card: the "Makkelijk lezen" switch, "Lees voor", and the practice task form.
import "./outbox-core.js";
import { t } from "./text.js";

const outbox = self.LeerplekOutbox; // outbox-core.js is shared with the service worker

const VOICE_WAIT_MS = 1500; // browsers load their list of voices lazily
const START_WAIT_MS = 3000;

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

/** The phone's Dutch voice; null when it has voices but no Dutch one; undefined when it does not
 *  tell (some browsers list no voices at all, yet speak). */
async function dutchVoice() {
  const find = () => speechSynthesis.getVoices().find((voice) => /^nl([-_]|$)/i.test(voice.lang)) || null;
  if (!speechSynthesis.getVoices().length) {
    await new Promise((resolve) => {
      speechSynthesis.addEventListener("voiceschanged", resolve, { once: true });
      setTimeout(resolve, VOICE_WAIT_MS);
    });
  }
  return speechSynthesis.getVoices().length ? find() : undefined;
}

function setupReadAloud(card) {
  const button = card.querySelector("[data-read-aloud]");
  if (!("speechSynthesis" in window) || typeof SpeechSynthesisUtterance !== "function") return;
  const label = button.querySelector("[data-read-label]");
  const problem = card.querySelector("[data-read-problem]");
  const idleLabel = label.textContent;
  const stopLabel = button.dataset.stopLabel || "Stop";
  button.hidden = false;
  const reset = () => { label.textContent = idleLabel; };
  const cannotSpeak = () => {
    reset();
    problem.hidden = false; // "Voorlezen lukt niet op deze telefoon ...": never a silent button
  };
  button.addEventListener("click", async () => {
    if (speechSynthesis.speaking) {
      speechSynthesis.cancel();
      reset();
      return;
    }
    const voice = await dutchVoice();
    if (voice === null) {
      cannotSpeak();
      return;
    }
    problem.hidden = true;
    const text = [...card.querySelectorAll("[data-read]")]
      .filter((element) => element.offsetParent !== null)
      .map((element) => element.innerText.replace(/\u00ad/g, "")) // soft hyphens are not spoken
      .join(". ");
    const utterance = new SpeechSynthesisUtterance(text);
    utterance.lang = voice ? voice.lang : "nl-NL";
    if (voice) utterance.voice = voice;
    utterance.rate = 0.9;
    // Without a list of voices, only speaking tells: no start within a few seconds means no voice.
    const silence = voice ? null : setTimeout(() => { speechSynthesis.cancel(); cannotSpeak(); }, START_WAIT_MS);
    utterance.onstart = () => clearTimeout(silence);
    utterance.onend = () => { clearTimeout(silence); reset(); };
    utterance.onerror = (event) => {
      clearTimeout(silence);
      if (event.error === "interrupted" || event.error === "canceled") reset();
      else cannotSpeak();
    };
    label.textContent = stopLabel;
    speechSynthesis.speak(utterance);
  });
}

const drafts = new WeakMap(); // form -> the task being saved, until it is saved

let photoCode = null;
/** static/js/photos.js, loaded the first time a photo is picked (not on every card). */
function photoModule() {
  photoCode ||= import("./photos.js").catch((error) => {
    photoCode = null; // offline before it was ever stored: try again next time
    throw error;
  });
  return photoCode;
}

function setupPhotos(form) {
  const field = form.querySelector("[data-photo-field]");
  if (!field || typeof Blob !== "function" || !("indexedDB" in self) || !self.crypto?.subtle) return;
  field.hidden = false;
  for (const input of field.querySelectorAll("[data-photo-input]")) {
    input.addEventListener("change", async () => {
      const files = [...input.files];
      input.value = ""; // the same photo may be picked again after removing it
      if (!files.length) return;
      try {
        await (await photoModule()).addFiles(form, files);
      } catch (error) {
        const problem = form.querySelector("[data-photo-error]");
        problem.textContent = t("photo_later");
        problem.hidden = false;
      }
    });
  }
}

async function chosenPhotos(form) {
  try {
    return photoCode ? await (await photoCode).photosOf(form) : [];
  } catch (error) {
    return []; // the photo code never loaded: no photo was added
  }
}

function setupTaskForm(form, card, userId, { afterSave, sentDirectly }) {
  const taskTitle = form.closest("section").querySelector("h2").textContent.replace(/\u00ad/g, "").trim();
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const data = new FormData(form);
    const error = form.querySelector("[data-form-error]");
    const notSaved = form.querySelector("[data-not-saved]");
    const saved = form.querySelector("[data-saved]");
    if (!data.get("reflection")) {
      error.hidden = false;
      form.querySelector('input[name="reflection"]').focus();
      return;
    }
    error.hidden = true;
    notSaved.hidden = true;
    saved.textContent = "";
    const button = form.querySelector('button[type="submit"]');
    button.disabled = true;
    const fields = {
      task_id: Number(form.dataset.taskId),
      card_version: Number(card.dataset.cardVersion),
      reflection: data.get("reflection"),
      note: String(data.get("note") || ""),
      title: taskTitle,
    };
    // A second try of the same answers (after "niet bewaard") is the same task: same id and time.
    const previous = drafts.get(form);
    if (previous && previous.reflection === fields.reflection && previous.note === fields.note) {
      Object.assign(fields, { id: previous.id, completed_at: previous.completed_at });
    } else {
      Object.assign(fields, { id: outbox.newId(), completed_at: new Date().toISOString() });
    }
    drafts.set(form, fields);
    const photos = await chosenPhotos(form);
    try {
      await outbox.add(userId, fields, photos);
      drafts.delete(form);
      form.reset();
      if (photos.length) (await photoCode).clear(form);
      saved.textContent = navigator.onLine ? t("saved") : t("saved_offline");
      afterSave();
    } catch (storageError) {
      // The phone could not keep it (private mode, storage full): send it straight away, or say
      // plainly that it is not saved. The form keeps what the learner filled in. Photos are never
      // sent without the outbox: the learner takes them off, or tries again with more room.
      if (photos.length) {
        const problem = form.querySelector("[data-photo-error]");
        problem.textContent = t("photos_not_saved");
        problem.hidden = false;
        return; // finally: the button works again
      }
      try {
        const result = await outbox.sendDirect(userId, fields);
        if (result.status === "rejected") throw new Error(result.error);
        drafts.delete(form);
        form.reset();
        saved.textContent = t("saved");
        sentDirectly(fields.task_id);
      } catch (sendError) {
        notSaved.hidden = false;
        notSaved.focus();
      }
    } finally {
      button.disabled = false;
    }
  });
}

/** This page shows an older version of its card than the offline manifest lists. */
export function isOutdated(manifest) {
  const card = document.querySelector("[data-card]");
  if (!card || !manifest) return false;
  const listed = manifest.packages.flatMap((pkg) => pkg.cards).find((item) => item.id === Number(card.dataset.cardId));
  return Boolean(listed) && listed.version > Number(card.dataset.cardVersion);
}

/** A stored card older than the manifest's, shown because the network failed: say so, instead
 *  of showing old instructions as if they were current. */
export function showOutdated() {
  const notice = document.querySelector("[data-card-outdated]");
  if (notice) notice.hidden = false;
}

/** The learner has started on a task form: a reload now would throw away what they filled in. */
export function formInUse() {
  return [...document.querySelectorAll("[data-task-form]")].some(
    (form) => form.querySelector("input:checked") || form.querySelector("textarea").value.trim()
      || form.querySelector("[data-photo-list] li"),
  );
}

export function setupCard(userId, handlers) {
  const card = document.querySelector("[data-card]");
  if (!card) return;
  card.querySelector("[data-card-tools]").hidden = false;
  setupEasyReading(card, userId);
  setupReadAloud(card);
  for (const form of card.querySelectorAll("[data-task-form]")) {
    setupTaskForm(form, card, userId, handlers);
    setupPhotos(form);
  }
}
