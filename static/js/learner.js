// Entry point of every learner page: service worker, outbox flushing, sync state, offline lessons,
// and done marks that include what waits on the phone.
import { formInUse, isOutdated, setupCard, showOutdated } from "./card.js";
import { guardLogout } from "./logout.js";
import { clearOfflineContent, onManifest, storedManifest, syncOfflineContent } from "./offline-content.js";
import "./outbox-core.js";
import "./pages-core.js";
import { showProgress } from "./progress-marks.js";
import { registerServiceWorker, updateBanner } from "./sw-register.js";
import { createFlusher, createSyncStatus, outboxActions } from "./sync-status.js";
import { t } from "./text.js";

const outbox = self.LeerplekOutbox; // outbox-core.js is shared with the service worker

const userId = Number(document.body.dataset.userId);
const bar = document.querySelector(".sync-bar");
const sentHere = new Set(); // tasks sent without the outbox (IndexedDB failed) from this page
let registration = null;
let serverDone = new Set();
let freshToken = null; // a CSRF token from this page load, once the server confirmed the learner

const render = createSyncStatus(bar, outboxActions(() => flusher));

const flusher = createFlusher(userId, {
  show: (phase, items, photos) => {
    render(phase, items, photos);
    const local = [...sentHere].map((task_id) => ({ task_id, status: "sent" }));
    showProgress([...items, ...local], serverDone);
  },
  afterDelivery: () => { syncOfflineContent(userId, reportOffline, { refreshPages: true }); },
});
const { flush, refresh } = flusher;

/** Show the newer copy of this page: reload, unless the learner is busy with something a reload
 *  would lose. The service worker answers the reload from the phone (or, for a card the manifest
 *  calls stale, from the network). At most once a minute per page, so nothing can loop. */
function showNewerCopy() {
  const key = `leerplek-reloaded:${location.pathname}`;
  const busy = formInUse() || !document.querySelector("[data-logout-dialog]").hidden;
  if (busy || Date.now() - Number(sessionStorage.getItem(key) || 0) < 60000) return false;
  sessionStorage.setItem(key, String(Date.now()));
  window.location.reload();
  return true;
}

/** A manifest: the tasks the server has as done, and whether this card is out of date. With the
 *  manifest stored at start-up, an outdated card means the service worker already asked the
 *  network and got nothing: say so. With a manifest just fetched, the new version can be shown. */
function useManifest(manifest, { fetched }) {
  if (!manifest || manifest.user_id !== userId) return;
  serverDone = self.LeerplekPages.doneTaskIds(manifest);
  if (isOutdated(manifest) && !(fetched && navigator.onLine && showNewerCopy())) showOutdated();
}

/** Shown from the phone's copy (cache first)? Then ask the server whether it changed: a 304
 *  costs almost nothing; a changed page is stored and shown (once the page knows that the same
 *  learner is still logged in: `sameLearner`). */
async function revalidateThisPage(sameLearner) {
  const own = document.body.dataset.pageEtag;
  if (!own || !("caches" in self) || !navigator.onLine) return;
  const url = location.pathname + location.search;
  const stored = await self.LeerplekPages.match(url);
  if (!stored || self.LeerplekPages.etagOf(stored) !== own) return; // came from the network
  const changed = await self.LeerplekPages.refresh(url, stored).catch(() => false);
  if (changed && (await sameLearner)) showNewerCopy();
}

async function afterSave() {
  await refresh();
  if (registration && "sync" in registration) {
    registration.sync.register(outbox.SYNC_TAG).catch(() => {});
  }
  await flush();
}

function sentDirectly(taskId) {
  sentHere.add(taskId);
  refresh();
  syncOfflineContent(userId, reportOffline, { refreshPages: true });
}

function reportOffline(state, detail) {
  const element = document.querySelector("[data-offline-state]");
  const ask = document.querySelector("[data-download-ask]");
  if (!element) return;
  if (ask) ask.hidden = state !== "ask";
  if (state === "ask") {
    ask.querySelector("[data-download-size]").textContent = t("download_size", { size: detail });
    element.hidden = true;
    return;
  }
  const words = { busy: t("downloading"), done: t("all_offline"), failed: t("download_failed") };
  element.textContent = words[state];
  element.dataset.state = state;
  element.hidden = false;
}

setupCard(userId, { afterSave, sentDirectly });
guardLogout(userId, flush);
outbox.channel?.addEventListener("message", refresh);
onManifest(async (manifest, askedAt) => {
  useManifest(manifest, { fetched: true });
  // Sent tasks that this manifest shows as done need no local record any more.
  await outbox.forgetSent(userId, askedAt).catch(() => {});
  await refresh();
});
navigator.serviceWorker?.addEventListener("message", (event) => {
  if (event.data && event.data.type === "flush") flush();
});
window.addEventListener("online", () => {
  flush();
  syncOfflineContent(userId, reportOffline);
});
document.addEventListener("visibilitychange", () => {
  if (document.visibilityState === "visible") flush();
});
document.querySelector("[data-download-now]")?.addEventListener("click", () => {
  syncOfflineContent(userId, reportOffline, { approve: true });
});

/** A page from the cache may belong to the learner who used this phone before. When the server
 *  says someone else is logged in now, drop the cached lessons and load the page afresh. A page
 *  from the cache also carries an old CSRF token: the forms get the fresh one. */
async function sameLearnerAsServer() {
  if (!navigator.onLine) return true;
  try {
    const response = await fetch("/api/v1/csrf", { credentials: "same-origin", cache: "no-store" });
    if (response.status === 401) {
      // This phone's log-in has ended (log-out elsewhere, "Overal uitloggen", a lost phone): the
      // stored lessons go. Unsent tasks stay in the outbox; it asks to log in again.
      await clearOfflineContent();
      return true;
    }
    if (response.status !== 200 && response.status !== 403) return true;
    const { user_id: current, csrf_token: token } = response.status === 200 ? await response.json() : {};
    if (current === userId) {
      freshToken = token;
      for (const input of document.querySelectorAll('input[name="csrf_token"]')) input.value = token;
      return true;
    }
    // Another learner, or another role (403), is logged in on this phone now.
    await clearOfflineContent();
    window.location.assign("/");
    return false;
  } catch (error) {
    return true;
  }
}

(async () => {
  useManifest(await storedManifest().catch(() => null), { fetched: false });
  await refresh();
  const sameLearner = sameLearnerAsServer();
  revalidateThisPage(sameLearner);
  if (!(await sameLearner)) return;
  // Only pages with feedback on them load the code that marks it seen (kept offline too).
  if (document.querySelector("[data-feedback-id]")) {
    import("./feedback-read.js").then((module) => module.markFeedbackSeen(userId, freshToken)).catch(() => {});
  }
  registration = await registerServiceWorker(updateBanner(bar));
  await flush();
  if (navigator.storage && navigator.storage.persist) navigator.storage.persist().catch(() => {});
  await syncOfflineContent(userId, reportOffline);
  document.documentElement.dataset.ready = "1"; // lets tests wait until start-up work is done
})();
