// Entry point of every learner page: service worker, outbox flushing, sync state, offline lessons.
import { setupCard } from "./card.js";
import { guardLogout } from "./logout.js";
import { clearOfflineContent, syncOfflineContent } from "./offline-content.js";
import { outbox } from "./outbox.js";
import { registerServiceWorker } from "./sw-register.js";
import { createSyncStatus } from "./sync-status.js";
import { t } from "./text.js";

const userId = Number(document.body.dataset.userId);
const bar = document.querySelector(".sync-bar");
let phase = "idle";
let attempt = 0;
let retryTimer = null;
let registration = null;

const render = createSyncStatus(bar, {
  onSendNow: () => flush(),
  onRemove: async (item) => {
    if (window.confirm(t("remove_confirm"))) {
      await outbox.remove(item.id);
      await refresh();
    }
  },
});

async function refresh() {
  render(phase, await outbox.items(userId));
}

function scheduleRetry() {
  // Exponential back-off with jitter, so many phones coming online together do not all
  // hit the server at the same moment. navigator.onLine and the triggers below cut it short.
  attempt += 1;
  const base = Math.min(5 * 60 * 1000, 1000 * 2 ** attempt);
  clearTimeout(retryTimer);
  retryTimer = setTimeout(flush, base / 2 + Math.random() * base);
}

async function flush() {
  const items = await outbox.items(userId);
  if (!items.some((item) => item.status === "pending")) {
    await refresh();
    return;
  }
  phase = "sending";
  await refresh();
  const outcome = await outbox.flush();
  phase = outcome === "login" ? "login" : "idle";
  if (outcome === "ok") syncOfflineContent(userId, reportOffline, { refreshPages: true });
  if (outcome === "retry") scheduleRetry();
  else {
    attempt = 0;
    clearTimeout(retryTimer);
  }
  await refresh();
}

async function afterSave() {
  await refresh();
  if (registration && "sync" in registration) {
    registration.sync.register(outbox.SYNC_TAG).catch(() => {});
  }
  await flush();
}

function showProblem(text) {
  const state = bar.querySelector("[data-sync-text]");
  state.textContent = text;
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

function offerUpdate(apply) {
  const banner = bar.querySelector("[data-update-banner]");
  banner.hidden = false;
  banner.querySelector("[data-reload]").addEventListener("click", apply, { once: true });
}

setupCard(userId, afterSave);
guardLogout(userId, flush, showProblem);
outbox.channel?.addEventListener("message", refresh);
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
 *  says someone else is logged in now, drop the cached lessons and load the page afresh. */
async function sameLearnerAsServer() {
  if (!navigator.onLine) return true;
  try {
    const response = await fetch("/api/v1/csrf", { credentials: "same-origin", cache: "no-store" });
    if (!response.ok) return true; // logged out: the outbox asks to log in again
    const { user_id: current } = await response.json();
    if (current === userId) return true;
    await clearOfflineContent();
    window.location.reload();
    return false;
  } catch (error) {
    return true;
  }
}

(async () => {
  if (!(await sameLearnerAsServer())) return;
  registration = await registerServiceWorker(offerUpdate);
  await flush();
  if (navigator.storage && navigator.storage.persist) navigator.storage.persist().catch(() => {});
  await syncOfflineContent(userId, reportOffline);
  document.documentElement.dataset.ready = "1"; // lets tests wait until start-up work is done
})();
