// The sync bar: shows the outbox in plain words ("Alles is verstuurd", "2 taken wachten op
// internet", "Versturen…", "1 taak kon niet worden verstuurd", with the reason and what the user
// can do), and sends the outbox from an open page (createFlusher). The icon beside the words is
// an SVG chosen by the state's data-kind (templates/_outbox_bar.html). Shared by the learner's
// pages (learner.js) and the supervisor's (supervisor.js).
//
// A page sends at start-up, when the phone comes online, when the page is shown again, after a
// save and from the "Verstuur nu" button (iPhones have no Background Sync). Retries back off
// exponentially, with jitter, so many phones coming online together do not all hit the server at
// once. The outbox itself is outbox-core.js.
import "./outbox-core.js";
import { plural, t } from "./text.js";

const outbox = self.LeerplekOutbox; // outbox-core.js is shared with the service worker

export function createSyncStatus(root, { onSendNow, onRemove, onRetryLater, onRemovePhoto }) {
  const state = root.querySelector("[data-sync-state]");
  const label = state.querySelector("[data-sync-text]");
  const sendNow = root.querySelector("[data-send-now]");
  const loginAgain = root.querySelector("[data-login-again]");
  const problemList = root.querySelector("[data-rejected-list]");
  sendNow.addEventListener("click", onSendNow);

  function show(kind, text) {
    state.dataset.kind = kind;
    if (label.textContent !== text) label.textContent = text;
  }

  function button(text, className, onClick) {
    const element = document.createElement("button");
    element.type = "button";
    element.className = className;
    element.textContent = text;
    element.addEventListener("click", onClick);
    return element;
  }

  function problemRow(item) {
    const row = document.createElement("li");
    const text = document.createElement("p");
    const title = document.createElement("strong");
    title.textContent = item.title || "";
    const reason = item.status === "stuck" ? t("stuck_reason") : item.error || t("rejected_reason");
    text.append(title, document.createElement("br"), reason);
    const actions = document.createElement("div");
    actions.className = "actions";
    if (item.status === "stuck") {
      actions.append(button(t("retry_later"), "button", () => onRetryLater(item)));
    }
    actions.append(button(t("remove"), "button button-quiet", () => onRemove(item)));
    row.append(text, actions);
    return row;
  }

  function photoRow(photo) {
    const row = document.createElement("li");
    const text = document.createElement("p");
    const title = document.createElement("strong");
    title.textContent = t("photo_problem", { task: photo.title || "" });
    text.append(title, document.createElement("br"), photo.error || t("photo_rejected_reason"));
    const actions = document.createElement("div");
    actions.className = "actions";
    actions.append(button(t("remove"), "button button-quiet", () => onRemovePhoto(photo)));
    row.append(text, actions);
    return row;
  }

  function renderProblems(problems, badPhotos, withHeading) {
    problemList.replaceChildren();
    const count = problems.length + badPhotos.length;
    problemList.hidden = count === 0;
    if (withHeading && problems.length) {
      const heading = document.createElement("li");
      heading.className = "rejected-heading";
      heading.textContent = plural("failed", problems.length);
      problemList.append(heading);
    }
    problemList.append(...problems.map(problemRow), ...badPhotos.map(photoRow));
  }

  /** What waits: "2 taken wachten op internet", and the photos apart from the tasks. */
  function waitingText(pending, photos) {
    const words = [];
    if (pending) words.push(plural("waiting", pending));
    if (photos) words.push(plural("photos_waiting", photos));
    return words.join(". ");
  }

  /** phase: "idle" | "sending" | "login"; items and photos: this learner's outbox. */
  return function render(phase, items, photos = []) {
    const pending = items.filter((item) => item.status === "pending");
    const problems = items.filter((item) => item.status === "rejected" || item.status === "stuck");
    const waitingPhotos = photos.filter((photo) => photo.status === "waiting");
    const badPhotos = photos.filter((photo) => photo.status === "rejected");
    const unsent = pending.length + waitingPhotos.length;
    if (phase === "sending" && unsent) show("sending", t("sending"));
    else if (phase === "login" && unsent) show("problem", t("login_again"));
    else if (unsent) show("waiting", waitingText(pending.length, waitingPhotos.length));
    else if (problems.length) show("problem", plural("failed", problems.length));
    else if (badPhotos.length) show("problem", t("photo_rejected_reason"));
    else show("done", t("all_sent"));
    sendNow.hidden = !unsent || phase === "sending";
    loginAgain.hidden = !(phase === "login" && unsent);
    renderProblems(problems, badPhotos, unsent > 0);
  };
}

/** show(phase, items, photos) draws the sync state; afterDelivery() runs when the server took
 *  something ("ok" or "partial"). */
export function createFlusher(userId, { show, afterDelivery }) {
  let phase = "idle";
  let attempt = 0;
  let retryTimer = null;

  /** The outbox, or nothing when IndexedDB does not work here (the page still works). */
  async function items() {
    try {
      return await outbox.items(userId);
    } catch (error) {
      return [];
    }
  }

  /** The photos the sync bar counts: those waiting for the network, and those the server
   *  refused. Photos of a refused task are left out: they go with that task when it is removed. */
  async function photos(list) {
    try {
      const all = await outbox.photos(userId);
      return [...outbox.waitingPhotos(all, list), ...all.filter((photo) => photo.status === "rejected")];
    } catch (error) {
      return [];
    }
  }

  async function refresh() {
    const list = await items();
    await show(phase, list, await photos(list));
  }

  function scheduleRetry() {
    attempt += 1;
    const base = Math.min(5 * 60 * 1000, 1000 * 2 ** attempt);
    clearTimeout(retryTimer);
    retryTimer = setTimeout(flush, base / 2 + Math.random() * base);
  }

  async function flush() {
    const list = await items();
    const waiting = await photos(list);
    if (!list.some((item) => item.status === "pending") && !waiting.some((photo) => photo.status === "waiting")) {
      await refresh();
      return "idle";
    }
    phase = "sending";
    await refresh();
    const outcome = await outbox.flush().catch(() => "retry");
    phase = outcome === "login" ? "login" : "idle";
    if (outcome === "ok" || outcome === "partial") await afterDelivery();
    if (outcome === "partial") attempt = 0; // the server works: try the rest again soon
    if (outcome === "retry" || outcome === "partial") scheduleRetry();
    else {
      attempt = 0;
      clearTimeout(retryTimer);
    }
    await refresh();
    return outcome;
  }

  return { flush, refresh, items };
}

/** What the sync bar's buttons do (sync-status.js): "Verstuur nu", "Weghalen", "Later opnieuw
 *  proberen". `flusher()` gives the page's flusher, made after the bar that shows its state. */
export function outboxActions(flusher) {
  const refresh = () => flusher().refresh();
  return {
    onSendNow: () => flusher().flush(),
    onRemove: async (item) => {
      if (window.confirm(t("remove_confirm"))) {
        await outbox.remove(item.id);
        await refresh();
      }
    },
    onRetryLater: async (item) => {
      await outbox.retryLater(item.id);
      await refresh();
    },
    onRemovePhoto: async (photo) => {
      await outbox.removePhoto(photo.key);
      await refresh();
    },
  };
}
