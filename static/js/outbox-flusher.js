// Sends the outbox from an open page: at start-up, when the phone comes online, when the page is
// shown again, after a save and from the "Verstuur nu" button (iPhones have no Background Sync).
// Retries back off exponentially, with jitter, so many phones coming online together do not all
// hit the server at once. Shared by the learner's pages (learner.js) and the supervisor's
// (supervisor.js); the outbox itself is outbox-core.js.
import "./outbox-core.js";
import { t } from "./text.js";

const outbox = self.LeerplekOutbox; // outbox-core.js is shared with the service worker

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
