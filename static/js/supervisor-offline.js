// Keeps the pages of the supervisor's own group on the phone (GET /api/v1/supervisor/content,
// app/supervisor/offline_manifest.py): each learner's page, sign-off pages and newest task pages,
// so the supervisor can look, sign off and give feedback without internet.
// - Nothing is downloaded before the supervisor saw the size and tapped "Op deze telefoon
//   bewaren" (the choice is kept per supervisor on this phone).
// - Later a learner's pages are fetched again only when the manifest's version of that learner
//   changed, when the build changed, or after six hours (what the version does not cover, like
//   a competence's new name). Each learner's pages count as stored as soon as they are: a
//   download cut off halfway goes on where it stopped. Pages of learners no longer in the group
//   are removed.
// - Pages are fetched with X-Leerplek-Offline-Copy: such a fetch is no visit (nothing becomes
//   "seen") and leaves a waiting message for the next real page.
// The pages go into the same cache as a learner's lessons (pages-core.js), which every log-in
// and log-out empties; the service worker shows them when the network fails or hangs.
import "./pages-core.js";

const Pages = self.LeerplekPages;
const MANIFEST_URL = "/api/v1/supervisor/content";
const STATE_KEY = "leerplek-supervisor-offline";
const MAX_AGE_MS = 6 * 60 * 60 * 1000;

let running = null;
let queued = null; // a tap on "bewaren" while a run that was not allowed to download went on
let controller = null;
let stopped = false;

function loadState(userId) {
  try {
    const state = JSON.parse(localStorage.getItem(STATE_KEY) || "null");
    if (state && state.user_id === userId) return state;
  } catch (error) { /* a broken value is as good as none */ }
  // stored: per learner id (and "home"), the version stored, its build and when.
  return { user_id: userId, approved: false, complete: false, stored: {} };
}

function saveState(state) {
  localStorage.setItem(STATE_KEY, JSON.stringify(state));
}

function absolute(url) {
  return new URL(url, location.href).href;
}

async function store(url) {
  const response = await fetch(url, {
    headers: { "X-Leerplek-Offline-Copy": "1" },
    credentials: "same-origin",
    cache: "no-store",
    redirect: "manual", // the log-in page (a session that ended) is never kept as a learner's page
    signal: controller.signal,
  });
  if (response.status !== 200) throw new Error(`could not fetch ${url}`);
  if (stopped) throw new Error("logged out");
  await (await caches.open(Pages.CACHE)).put(url, response);
}

/**
 * Bring the phone's copy of the group up to date. report(state, manifest) gets "ask" (the size
 * is in the manifest; call again with approve=true), "offline" (asked to download without a
 * network), "busy", "done" or "failed". Resolves to the time the manifest was asked for when the
 * stored pages are up to date with it, else null.
 */
export function syncGroup(userId, report, options = {}) {
  if (stopped) return Promise.resolve(null);
  if (running) {
    if (options.approve) queued = [userId, report, options];
    return running;
  }
  running = download(userId, report, options).finally(() => {
    running = null;
    const next = queued;
    queued = null;
    if (next) syncGroup(...next);
  });
  return running;
}

function due(entry, version, build) {
  return !entry || entry.version !== version || entry.build !== build || Date.now() - entry.at > MAX_AGE_MS;
}

async function download(userId, report, { approve = false }) {
  const state = loadState(userId);
  if (approve) {
    state.approved = true;
    saveState(state);
  }
  if (!("caches" in self)) return null;
  if (!navigator.onLine) {
    if (approve) report("offline");
    return null;
  }
  controller = new AbortController();
  const save = () => { if (!stopped) saveState(state); };
  try {
    const askedAt = Date.now();
    const response = await fetch(MANIFEST_URL, {
      headers: { Accept: "application/json" }, credentials: "same-origin", cache: "no-store",
      signal: controller.signal,
    });
    if (!response.ok || response.redirected) return null; // not a supervisor's session now
    const manifest = await response.json();
    if (manifest.user_id !== userId) return null;
    if (!state.approved) {
      report("ask", manifest);
      return null;
    }
    if (!state.complete) report("busy", manifest);
    const build = manifest.page_version;
    const keep = new Set();
    const group = [
      // The home page lists the group with its news: new whenever a learner's pages are.
      { key: "home", version: manifest.learners.map((learner) => learner.version).join(), urls: [manifest.home] },
      ...manifest.learners.map((learner) => ({ key: learner.id, version: learner.version, urls: [learner.url, ...learner.pages] })),
    ];
    for (const url of manifest.assets) {
      keep.add(absolute(url));
      if (!(await Pages.match(url))) await store(url);
    }
    for (const { key, version, urls } of group) {
      const refetch = due(state.stored[key], version, build);
      for (const url of urls) {
        keep.add(absolute(url));
        if (refetch || !(await Pages.match(url))) await store(url);
      }
      if (refetch) {
        state.stored[key] = { version, build, at: Date.now() };
        save(); // a download cut off later goes on from here
      }
    }
    const cache = await caches.open(Pages.CACHE);
    for (const request of await cache.keys()) {
      if (!keep.has(request.url)) await cache.delete(request);
    }
    if (stopped) return null;
    const present = new Set(group.map(({ key }) => String(key)));
    state.stored = Object.fromEntries(Object.entries(state.stored).filter(([key]) => present.has(key)));
    state.complete = true;
    save();
    report("done", manifest);
    return askedAt;
  } catch (error) {
    if (stopped) return null;
    save();
    report("failed");
    return null;
  }
}

/** Whether the supervisor chose to keep the group on this phone. */
export function groupKept(userId) {
  return loadState(userId).approved;
}

/** Stop a download that is going on (before logging out). */
export async function haltGroupDownload() {
  if (controller) controller.abort();
  if (running) await running.catch(() => {});
}

/** Remove the group's pages from the phone (logging out). */
export async function clearGroup() {
  stopped = true;
  await haltGroupDownload();
  localStorage.removeItem(STATE_KEY);
  if ("caches" in self) await caches.delete(Pages.CACHE);
}

/** "Weghalen van deze telefoon": the pages go, and nothing is downloaded until asked again. */
export async function removeGroup(userId) {
  await clearGroup();
  stopped = false;
  saveState(loadState(userId));
}
