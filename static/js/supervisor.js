// Entry point of the supervisor's pages that work offline (home, a learner, a sign-off, a task):
// the service worker, the outbox of sign-offs and feedback, the sync state, and the pages of the
// supervisor's group kept on the phone (supervisor-offline.js).
//
// A sign-off or feedback form (form[data-outbox]) goes into the outbox first, with a new id and
// the phone's time, and is sent from there: at once when there is a network, later when not.
// The server stores each id once (app/sync/supervisor.py), so sending again is always safe.
// While it waits, the learner's page marks it ("Wacht op internet: Zelfstandig"); when the
// server refuses it, the sync bar shows it with the reason. Without scripts, or where IndexedDB
// does not work, the form is posted as it is.
import { guardLogout } from "./logout.js";
import "./outbox-core.js";
import { clearGroup, groupKept, haltGroupDownload, removeGroup, syncGroup } from "./supervisor-offline.js";
import { registerServiceWorker, updateBanner } from "./sw-register.js";
import { createFlusher, createSyncStatus, outboxActions } from "./sync-status.js";
import { plural, t } from "./text.js";

const outbox = self.LeerplekOutbox; // outbox-core.js is shared with the service worker
const userId = Number(document.body.dataset.userId);
const bar = document.querySelector(".sync-bar");
// After saving, the page waits this long for the server before it moves on; the outbox keeps
// trying from the next page (the same id: stored once).
const SEND_WAIT_MS = 4000;
let registration = null;

const render = createSyncStatus(bar, outboxActions(() => flusher));
const flusher = createFlusher(userId, {
  show: (phase, items, photos) => {
    render(phase, items, photos);
    markWaiting(items);
  },
  afterDelivery: () => { refreshGroup(); },
});

/** Bring the stored pages up to date, then forget sent items that they show. Until then a sent
 *  item stays marked on the pages ("Verstuurd: …"): a stored page from before it must never look
 *  as if nothing was done. Without stored pages, the pages come from the server: forget at once. */
async function refreshGroup() {
  const askedAt = await syncGroup(userId, reportGroup);
  const before = askedAt ?? (groupKept(userId) ? 0 : Date.now() + 1);
  await outbox.forgetSent(userId, before).catch(() => {});
  await flusher.refresh();
}

/** On a learner's page: what waits in the outbox for this learner, beside its competence or
 *  task. */
function markWaiting(items) {
  const page = document.querySelector("[data-learner-page]");
  if (!page) return;
  document.querySelectorAll(".pending-mark").forEach((mark) => mark.remove());
  const learnerId = Number(page.dataset.learnerPage);
  for (const item of items) {
    const sent = item.status === "sent";
    if (item.learner_id !== learnerId || !(sent || outbox.UNSENT.has(item.status))) continue;
    const target = item.kind === "signoff"
      ? document.querySelector(`[data-competence-id="${item.competence_id}"]`)
      : document.querySelector(`[data-completion-id="${item.completion_id}"]`);
    if (!target) continue;
    const mark = document.createElement("p");
    mark.className = sent ? "pending-mark pending-mark-sent" : "pending-mark";
    mark.textContent = item.kind === "signoff"
      ? t(sent ? "sent_signoff" : "pending_signoff", { level: item.label })
      : t(sent ? "sent_feedback" : "pending_feedback");
    target.append(mark);
  }
}

function localDay(date = new Date()) {
  const pad = (n) => String(n).padStart(2, "0");
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

// Where the supervisor's items go (app/sync/supervisor.py), and the most one batch may hold.
const SEND = { url: "/api/v1/supervisor/sync", key: "items", max: 100, clock: true };

/** The outbox item a form makes, or {error} with what to fix first. `body` is what is sent; the
 *  rest marks it on the pages and names it in the sync bar. */
function itemFields(form) {
  const data = new FormData(form);
  const id = outbox.newId();
  const learnerId = Number(form.dataset.learnerId);
  if (form.dataset.outbox === "feedback") {
    const text = outbox.storable(data.get("text")).trim();
    if (!text) return { error: t("write_feedback") };
    const completionId = Number(form.dataset.completionId);
    return {
      send: SEND,
      body: { id, kind: "feedback", completion_id: completionId, text },
      kind: "feedback",
      learner_id: learnerId,
      completion_id: completionId,
      title: t("feedback_title", { task: form.dataset.task, name: form.dataset.name }),
    };
  }
  const level = String(data.get("level") || "");
  const signedOn = String(data.get("signed_on") || "");
  if (!level) return { error: t("choose_level") };
  if (!signedOn) return { error: t("choose_date") };
  if (signedOn > localDay()) return { error: t("date_in_future") };
  const chosen = form.querySelector(`input[name="level"][value="${level}"]`);
  const competenceId = Number(form.dataset.competenceId);
  return {
    send: SEND,
    body: {
      id,
      kind: "signoff",
      learner_id: learnerId,
      competence_id: competenceId,
      level,
      note: outbox.storable(data.get("note")).trim(),
      signed_on: signedOn,
      signed_at: new Date().toISOString(), // the sign-off time: the newest one counts
    },
    kind: "signoff",
    learner_id: learnerId,
    competence_id: competenceId,
    label: form.dataset.levelLabel || chosen?.closest("label")?.textContent.trim() || level,
    title: t("signoff_title", { competence: form.dataset.competence, name: form.dataset.name }),
  };
}

function showFormError(form, text) {
  const element = form.querySelector("[data-outbox-error]");
  element.textContent = text;
  element.hidden = false;
  element.focus(); // tabindex="-1": read out, and the form is right below
}

// On the document, not the form: the form's own listener (confirm.js, "Intrekken?") runs first
// and may cancel.
document.addEventListener("submit", async (event) => {
  const form = event.target;
  if (!(form instanceof HTMLFormElement) || !form.dataset.outbox || event.defaultPrevented) return;
  event.preventDefault();
  const fields = itemFields(form);
  if (fields.error) {
    showFormError(form, fields.error);
    return;
  }
  const button = form.querySelector('button[type="submit"]');
  button.disabled = true; // a double tap makes one item
  let item;
  try {
    item = await outbox.addItem(userId, fields);
  } catch (error) {
    // No outbox on this phone (private mode, storage full): the form as it is, with a new id
    // (a page kept on the phone carries the id of its first use).
    form.querySelector('input[name="request_id"]').value = outbox.newId();
    form.submit();
    return;
  }
  if (registration && "sync" in registration) registration.sync.register(outbox.SYNC_TAG).catch(() => {});
  if (navigator.onLine) {
    await Promise.race([flusher.flush(), new Promise((resolve) => setTimeout(resolve, SEND_WAIT_MS))]);
  }
  await sayOnNextPage(item, form);
  window.location.assign(form.dataset.next);
});

const MESSAGE_KEY = "leerplek-message";

/** "Opgeslagen" on the next page, as the server says it after a plain form: sent, or kept on
 *  the phone until there is internet. A refused item says nothing here: the sync bar shows it
 *  with the reason. */
async function sayOnNextPage(item, form) {
  const now = (await flusher.items()).find((stored) => stored.id === item.id);
  if (now && now.status === "rejected") return;
  const waiting = now && outbox.UNSENT.has(now.status);
  const sent = form.dataset.outbox === "feedback"
    ? t("saved_feedback")
    : t("saved_signoff", { competence: form.dataset.competence });
  sessionStorage.setItem(MESSAGE_KEY, waiting ? t("saved_offline") : sent);
}

function showMessage() {
  const text = sessionStorage.getItem(MESSAGE_KEY);
  if (!text) return;
  sessionStorage.removeItem(MESSAGE_KEY);
  const box = document.createElement("div");
  box.className = "flashes";
  const message = document.createElement("p");
  message.className = "flash flash-success";
  message.setAttribute("role", "status");
  message.textContent = text;
  box.append(message);
  document.querySelector("main")?.prepend(box);
}

/** A sign-off page kept on the phone since an earlier day proposes today, not that day. */
function proposeToday() {
  const today = localDay();
  for (const form of document.querySelectorAll("form[data-today]")) {
    const field = form.querySelector('input[name="signed_on"]');
    if (!field) continue;
    if (field.value === form.dataset.today && form.dataset.today < today) field.value = today;
    if (field.type === "date") field.max = today;
  }
}

/** Photos stay on the server: offline a photo (and its link to the full size) says so instead
 *  of showing a broken image. Online a photo that fails keeps its alt text. */
function explainMissingPhotos() {
  const explain = (image) => {
    if (navigator.onLine) return;
    const note = document.createElement("span");
    note.className = "hint";
    note.textContent = t("photo_offline");
    (image.closest("a") || image).replaceWith(note);
  };
  for (const image of document.querySelectorAll("img[data-photo]")) {
    if (image.complete && image.naturalWidth === 0) explain(image);
    else image.addEventListener("error", () => explain(image), { once: true });
  }
}

const panel = document.querySelector("[data-group-offline]");

/** The home page's "Je groep op deze telefoon". */
function reportGroup(state, manifest) {
  if (!panel) return;
  const say = (text) => {
    const element = panel.querySelector("[data-group-state]");
    if (element && element.textContent !== text) element.textContent = text;
  };
  const size = panel.querySelector("[data-group-size]");
  if (manifest && size) {
    const megabytes = (manifest.estimated_bytes / (1024 * 1024)).toFixed(1);
    size.textContent = plural("group_size", manifest.learners.length, { size: megabytes });
  }
  const download = panel.querySelector("[data-group-download]");
  const remove = panel.querySelector("[data-group-remove]");
  if (download) download.hidden = !(state === "ask" || state === "removed" || state === "offline");
  if (remove) remove.hidden = !(state === "done" || state === "failed");
  const words = {
    busy: t("group_busy"), done: t("group_done"), failed: t("group_failed"),
    removed: t("group_removed"), offline: t("group_offline"),
  };
  say(words[state] || "");
}

/** After a tap on a button the panel then hides: the focus goes to what it says now. */
function focusGroupState() {
  panel.querySelector("[data-group-state]")?.focus();
}

if (panel && "serviceWorker" in navigator && "caches" in self) {
  panel.hidden = false;
  panel.querySelector("[data-group-download]")?.addEventListener("click", () => {
    focusGroupState();
    syncGroup(userId, reportGroup, { approve: true });
  });
  panel.querySelector("[data-group-remove]")?.addEventListener("click", async () => {
    await removeGroup(userId);
    reportGroup("removed");
    focusGroupState();
  });
}

guardLogout(userId, () => flusher.flush(), { halt: haltGroupDownload, clear: clearGroup });
outbox.channel?.addEventListener("message", () => flusher.refresh());
navigator.serviceWorker?.addEventListener("message", (event) => {
  if (event.data && event.data.type === "flush") flusher.flush();
});
window.addEventListener("online", () => {
  flusher.flush();
  refreshGroup();
});
document.addEventListener("visibilitychange", () => {
  if (document.visibilityState === "visible") flusher.flush();
});

(async () => {
  showMessage();
  proposeToday();
  explainMissingPhotos();
  await flusher.refresh();
  registration = await registerServiceWorker(updateBanner(bar));
  await flusher.flush();
  await refreshGroup();
  document.documentElement.dataset.ready = "1"; // lets tests wait until start-up work is done
})();
