// Keeps the pages of the supervisor's own group on the phone (GET /api/v1/supervisor/content,
// app/supervisor/offline_manifest.py): each learner's page, sign-off pages and newest task pages,
// so the supervisor can look, sign off and give feedback without internet.
// - Nothing is downloaded before the supervisor saw the size and tapped "Op deze telefoon
//   bewaren" (the choice is kept per supervisor on this phone).
// - Later a learner's pages are fetched again only when the manifest's version of that learner
//   changed; every page after half an hour, or when the build changed. Pages of learners no
//   longer in the group are removed.
// - Pages are fetched with X-Leerplek-Offline-Copy: such a fetch is no visit (nothing becomes
//   "seen") and leaves a waiting message for the next real page.
// The pages go into the same cache as a learner's lessons (pages-core.js), which every log-in
// and log-out empties; the service worker shows them when the network fails or hangs.
import "./pages-core.js";

const Pages = self.LeerplekPages;
const MANIFEST_URL = "/api/v1/supervisor/content";
const STATE_KEY = "leerplek-supervisor-offline";
const FULL_REFRESH_MS = 30 * 60 * 1000;

let running = null;
let controller = null;
let stopped = false;

function loadState(userId) {
  try {
    const state = JSON.parse(localStorage.getItem(STATE_KEY) || "null");
    if (state && state.user_id === userId) return state;
  } catch (error) { /* a broken value is as good as none */ }
  return { user_id: userId, approved: false, complete: false, versions: {}, pages_at: 0, build: null };
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
 * is in the manifest; call again with approve=true), "busy", "done" or "failed".
 */
export function syncGroup(userId, report, options = {}) {
  if (stopped || running) return running || Promise.resolve();
  running = download(userId, report, options).finally(() => { running = null; });
  return running;
}

async function download(userId, report, { approve = false }) {
  const state = loadState(userId);
  if (approve) state.approved = true;
  if (!("caches" in self) || !navigator.onLine) return;
  controller = new AbortController();
  try {
    const response = await fetch(MANIFEST_URL, {
      headers: { Accept: "application/json" }, credentials: "same-origin", cache: "no-store",
      signal: controller.signal,
    });
    if (!response.ok || response.redirected) return; // not a supervisor's session now
    const manifest = await response.json();
    if (manifest.user_id !== userId) return;
    if (!state.approved) {
      saveState(state);
      report("ask", manifest);
      return;
    }
    if (!state.complete) report("busy", manifest);
    const full = !state.complete || state.build !== manifest.page_version
      || Date.now() - (state.pages_at || 0) > FULL_REFRESH_MS;
    const keep = new Set([absolute(manifest.home)]);
    if (full || !(await Pages.match(manifest.home))) await store(manifest.home);
    for (const url of manifest.assets) {
      keep.add(absolute(url));
      if (!(await Pages.match(url))) await store(url);
    }
    const versions = {};
    for (const learner of manifest.learners) {
      const urls = [learner.url, ...learner.pages];
      const changed = full || state.versions[learner.id] !== learner.version;
      for (const url of urls) {
        keep.add(absolute(url));
        if (changed || !(await Pages.match(url))) await store(url);
      }
      versions[learner.id] = learner.version;
    }
    const cache = await caches.open(Pages.CACHE);
    for (const request of await cache.keys()) {
      if (!keep.has(request.url)) await cache.delete(request);
    }
    if (stopped) return;
    Object.assign(state, { complete: true, versions, build: manifest.page_version });
    if (full) state.pages_at = Date.now();
    saveState(state);
    report("done", manifest);
  } catch (error) {
    if (stopped) return;
    state.complete = false; // some pages may be missing: fetch all of them next time
    saveState(state);
    report("failed");
  }
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
