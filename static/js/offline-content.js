// Keeps the learner's lessons on the phone, driven by the offline manifest
// (GET /api/v1/learner/content). Card pages are fetched again only when their version changed;
// pages of content that is no longer assigned are removed. The service worker serves this cache
// when the network is missing or slow.

const PAGES_CACHE = "leerplek-pages";
const STATE_KEY = "leerplek-offline";
const ASK_ABOVE_BYTES = 5 * 1024 * 1024; // ask first before downloading more than this
// Pages that show progress (home, packages) change with every task done; on a paid data plan they
// are refreshed for offline use after a sync, when the content changed, or every 10 minutes.
const PAGES_MAX_AGE_MS = 10 * 60 * 1000;

function loadState(userId) {
  try {
    const state = JSON.parse(localStorage.getItem(STATE_KEY) || "null");
    if (state && state.user_id === userId) return state;
  } catch (error) { /* a broken value is as good as none */ }
  return { user_id: userId, etag: null, manifest: null, versions: {}, complete: false, approved: false };
}

function saveState(state) {
  localStorage.setItem(STATE_KEY, JSON.stringify(state));
}

let running = null;
let stopped = false;

/** Remove the learner's lessons from the phone (after logging out). Waits for a download that
 *  is still busy, so it cannot write the cache again right after it was removed. */
export async function clearOfflineContent() {
  stopped = true;
  if (running) await running.catch(() => {});
  localStorage.removeItem(STATE_KEY);
  if ("caches" in self) await caches.delete(PAGES_CACHE);
}

function wanted(manifest) {
  const pages = [...manifest.pages];
  const cards = new Map(); // url -> version
  const images = [];
  for (const pkg of manifest.packages) {
    pages.push(pkg.url);
    for (const card of pkg.cards) {
      cards.set(card.url, card.version);
      images.push(...card.images);
    }
  }
  return { pages, cards, images };
}

async function store(cache, url) {
  if (stopped) throw new Error("logged out");
  const response = await fetch(url, { credentials: "same-origin", cache: "no-store" });
  // A redirect means the session ended (login page): never cache that as a lesson.
  if (!response.ok || response.redirected) throw new Error(`could not fetch ${url}`);
  await cache.put(url, response);
}

/**
 * Bring the phone's copy up to date. report(state, detail) gets "busy", "ask" (with the size
 * in MB; call again with approve=true), "done" or "failed".
 */
export function syncOfflineContent(userId, report, options = {}) {
  if (stopped) return Promise.resolve();
  if (!running) running = download(userId, report, options).finally(() => { running = null; });
  return running;
}

async function download(userId, report, { approve = false, refreshPages = false }) {
  if (!("caches" in self) || !navigator.onLine) {
    const state = loadState(userId);
    if (state.complete) report("done");
    return;
  }
  const state = loadState(userId);
  if (approve) state.approved = true;
  try {
    const headers = { Accept: "application/json" };
    if (state.etag && state.manifest) headers["If-None-Match"] = state.etag;
    const response = await fetch("/api/v1/learner/content", { headers, credentials: "same-origin", cache: "no-store" });
    if (response.status === 304) {
      // unchanged content; pages with progress on them are still refreshed below
    } else if (response.ok) {
      state.manifest = await response.json();
      state.etag = response.headers.get("ETag");
      state.complete = false;
    } else {
      return; // 401/403: not a learner session now; nothing to do
    }
    const manifest = state.manifest;
    if (manifest.image_bytes > ASK_ABOVE_BYTES && !state.approved) {
      saveState(state);
      report("ask", (manifest.image_bytes / (1024 * 1024)).toFixed(1));
      return;
    }
    if (!state.complete) report("busy");
    const cache = await caches.open(PAGES_CACHE);
    const { pages, cards, images } = wanted(manifest);
    const pagesDue = refreshPages || !state.complete || Date.now() - (state.pages_at || 0) > PAGES_MAX_AGE_MS;
    for (const url of pages) {
      if (pagesDue || !(await cache.match(url))) await store(cache, url);
    }
    if (pagesDue) state.pages_at = Date.now();
    for (const [url, version] of cards) {
      if (state.versions[url] !== version || !(await cache.match(url))) {
        await store(cache, url);
        state.versions[url] = version;
      }
    }
    for (const url of images) {
      if (!(await cache.match(url))) await store(cache, url);
    }
    const keep = new Set([...pages, ...cards.keys(), ...images].map((url) => new URL(url, location.href).href));
    for (const request of await cache.keys()) {
      if (!keep.has(request.url)) await cache.delete(request);
    }
    for (const url of Object.keys(state.versions)) {
      if (!cards.has(url)) delete state.versions[url];
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
