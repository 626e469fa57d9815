// Keeps the learner's lessons on the phone, driven by the offline manifest
// (GET /api/v1/learner/content), which is stored beside the pages (pages-core.js). A card page is
// fetched again only when the stored copy is older than the manifest's version, or was built by
// another deploy or in another language; pages of content that is no longer assigned are removed.
// The service worker serves these pages cache-first.
import "./pages-core.js";

const Pages = self.LeerplekPages;
const STATE_KEY = "leerplek-offline";
const ASK_ABOVE_BYTES = 5 * 1024 * 1024; // ask first before downloading more than this
// Pages that show progress (home, packages) change with every task done; the service worker
// refreshes the one being looked at, and this download refreshes them all after a sync, when the
// content changed, or every 10 minutes.
const PAGES_MAX_AGE_MS = 10 * 60 * 1000;

function loadState(userId) {
  try {
    const state = JSON.parse(localStorage.getItem(STATE_KEY) || "null");
    if (state && state.user_id === userId) return state;
  } catch (error) { /* a broken value is as good as none */ }
  return { user_id: userId, complete: false, approved: false, pages_at: 0 };
}

function saveState(state) {
  localStorage.setItem(STATE_KEY, JSON.stringify(state));
}

let running = null;
let queued = null; // arguments of a run asked for while one was going on
let stopped = false;
let controller = null; // aborts the download's fetches when the learner logs out
const listeners = new Set();

/** Call back with the manifest and the time it was asked for, after every successful fetch: it
 *  shows every task the server had received by then. */
export function onManifest(listener) {
  listeners.add(listener);
}

/** The stored manifest, for pages that show what the server has as done. */
export function storedManifest() {
  return "caches" in self ? Pages.manifest() : Promise.resolve(null);
}

/** Stop a download that is going on and wait for it (before logging out: a page it asks for
 *  after the log-in ended would land on the log-in page and use up its "logged out" message).
 *  A later call of syncOfflineContent starts again. */
export async function haltDownload() {
  if (controller) controller.abort();
  if (running) await running.catch(() => {});
}

/** Remove the learner's lessons from the phone (after logging out, or when another learner is logged in).
 *  Waits for a download that is still busy, so it cannot write the cache again right after. */
export async function clearOfflineContent() {
  stopped = true;
  if (controller) controller.abort(); // a stalled fetch on a bad link must not hold up logging out
  if (running) await running.catch(() => {});
  localStorage.removeItem(STATE_KEY);
  if ("caches" in self) await caches.delete(Pages.CACHE);
}

function wanted(manifest) {
  const pages = [...manifest.pages];
  const cards = new Map(); // url -> the card's entry
  const images = [...(manifest.assets || [])]; // scripts used offline too, like photos.js
  for (const pkg of manifest.packages) {
    pages.push(pkg.url);
    for (const card of pkg.cards) {
      cards.set(card.url, card);
      images.push(...card.images);
    }
  }
  return { pages, cards, images };
}

async function store(url, stored = null) {
  if (stopped) throw new Error("logged out");
  await Pages.refresh(url, stored, controller.signal);
}

/** The new manifest goes into the cache first, before any page: from that moment the service
 *  worker no longer shows a card page whose version the manifest says is old. */
async function fetchManifest(state) {
  let stored = await Pages.match(Pages.MANIFEST_URL);
  if (stored && (await stored.clone().json().catch(() => ({}))).user_id !== state.user_id) {
    // Pages of whoever used this phone before: never a start for this learner's copy.
    await caches.delete(Pages.CACHE);
    stored = null;
  }
  const askedAt = Date.now();
  const headers = { Accept: "application/json" };
  if (stored && stored.headers.get("ETag")) headers["If-None-Match"] = stored.headers.get("ETag");
  const response = await fetch(Pages.MANIFEST_URL, {
    headers, signal: controller.signal, credentials: "same-origin", cache: "no-store",
  });
  if (response.status === 304 && stored) return { manifest: await stored.json(), askedAt };
  if (!response.ok || response.redirected) return null; // 401/403: not a learner session now
  const manifest = await response.clone().json();
  if (stopped) throw new Error("logged out");
  await (await caches.open(Pages.CACHE)).put(Pages.MANIFEST_URL, response);
  state.complete = false;
  return { manifest, askedAt };
}

/**
 * Bring the phone's copy up to date. report(state, detail) gets "busy", "ask" (with the size
 * in MB; call again with approve=true), "done" or "failed".
 */
export function syncOfflineContent(userId, report, options = {}) {
  if (stopped) return Promise.resolve();
  if (running) {
    // The run going on may have asked for the manifest before the tasks just sent arrived:
    // one more run after it, or their marks (and the outbox's sent records) wait for the next.
    if (options.refreshPages) queued = [userId, report, options];
    return running;
  }
  running = download(userId, report, options).finally(() => {
    running = null;
    const next = queued;
    queued = null;
    if (next) syncOfflineContent(...next);
  });
  return running;
}

async function download(userId, report, { approve = false, refreshPages = false }) {
  const state = loadState(userId);
  if (!("caches" in self) || !navigator.onLine) {
    if (state.complete) report("done");
    return;
  }
  if (approve) state.approved = true;
  controller = new AbortController();
  try {
    const fetched = await fetchManifest(state);
    if (!fetched) return;
    const { manifest, askedAt } = fetched;
    listeners.forEach((listener) => listener(manifest, askedAt));
    if (manifest.image_bytes > ASK_ABOVE_BYTES && !state.approved) {
      saveState(state);
      report("ask", (manifest.image_bytes / (1024 * 1024)).toFixed(1));
      return;
    }
    if (!state.complete) report("busy");
    const { pages, cards, images } = wanted(manifest);
    const pagesDue = refreshPages || !state.complete || Date.now() - (state.pages_at || 0) > PAGES_MAX_AGE_MS;
    for (const url of pages) {
      const stored = await Pages.match(url);
      if (pagesDue || !stored || Pages.isStale(stored, manifest, url)) await store(url, stored);
    }
    if (pagesDue) state.pages_at = Date.now();
    for (const [url, card] of cards) {
      const stored = await Pages.match(url);
      // New feedback on the card: fetched again, so it can be read offline too.
      const newFeedback = stored && (stored.headers.get("Card-Feedback") || "") !== (card.feedback || "");
      if (!stored || newFeedback || Pages.isStale(stored, manifest, url)) await store(url, stored);
    }
    for (const url of images) {
      if (!(await Pages.match(url))) await store(url);
    }
    const keep = new Set([...pages, ...cards.keys(), ...images, Pages.MANIFEST_URL].map((url) => new URL(url, location.href).href));
    const cache = await caches.open(Pages.CACHE);
    for (const request of await cache.keys()) {
      if (!keep.has(request.url)) await cache.delete(request);
    }
    state.complete = true;
    if (stopped) return;
    saveState(state);
    report("done");
  } catch (error) {
    if (stopped) return;
    saveState(state);
    report("failed");
  }
}
