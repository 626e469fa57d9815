/* Leerplek service worker (rendered by app/pwa/routes.py; served from / with no-cache).
 *
 * - App shell: precached under content-hashed URLs in a cache named after their combined hash, so
 *   a deploy installs a new cache next to the old one; the old one is removed on activate.
 * - Learner pages stored on the phone (static/js/offline-content.js downloads them into the pages
 *   cache, see pages-core.js) are served cache-first: shown at once. The page itself then asks the
 *   server in the background whether it changed (learner.js, with its ETag), stores the new copy
 *   and shows it. The one exception is a card whose version in the stored offline manifest is
 *   newer than the stored page: the network decides, and the stored copy is shown only when the
 *   network fails or hangs. Logged-in pages are `Cache-Control: no-store`: the browser's HTTP
 *   cache keeps none of them, the copies in this worker's cache are the only ones.
 * - The pages of a supervisor's group stored on the phone (static/js/supervisor-offline.js) are
 *   served network first: the stored copy only when the network fails or hangs.
 * - "/" (the installed app's start_url) goes straight to the stored home page of the learner
 *   (or of the supervisor).
 * - Logging in (a POST to /login or /qr/...) or out first removes the stored pages: see logIn().
 * - Other pages: network first, the cached copy after a short timeout (a hanging connection must
 *   not hang the app), the offline page when neither exists.
 * - A new worker waits until the page asks it to take over (the "Vernieuwen" button), so an
 *   open page never gets a mix of old and new files; clients.claim() makes the first worker
 *   control the page at once, without a reload.
 * - Background Sync (where the browser has it) flushes the outbox when no page is open.
 */
"use strict";
const VERSION = {{ version | tojson }};
const STATIC_CACHE = "leerplek-static-" + VERSION;
const PRECACHE = {{ precache | tojson }};
const OFFLINE_URL = {{ offline_url | tojson }};
const NETWORK_TIMEOUT_MS = 3500;
const SUPERVISOR_HOME = "/supervisor/";
// A stale card waits longer for the network than other pages: its stored copy is out of date.
const STALE_TIMEOUT_MS = 10000;

importScripts({{ outbox_core | tojson }}, {{ pages_core | tojson }});
const Pages = self.LeerplekPages;

self.addEventListener("install", (event) => {
  // Without cookies: the offline page must not carry the name of whoever was logged in.
  const requests = PRECACHE.map((url) => new Request(url, { credentials: "omit" }));
  event.waitUntil(caches.open(STATIC_CACHE).then((cache) => cache.addAll(requests)));
});

self.addEventListener("activate", (event) => {
  event.waitUntil((async () => {
    const names = await caches.keys();
    await Promise.all(
      names
        .filter((name) => name.startsWith("leerplek-static-") && name !== STATIC_CACHE)
        .map((name) => caches.delete(name)),
    );
    if (self.registration.navigationPreload) {
      await self.registration.navigationPreload.disable();
    }
    await self.clients.claim();
  })());
});

self.addEventListener("message", (event) => {
  if (event.data && event.data.type === "SKIP_WAITING") self.skipWaiting();
  if (event.data && event.data.type === "LANGUAGE") event.waitUntil(offlinePageIn(event.data.lang));
});

/** The offline page in the language of the pages (precached in the browser's language; a user
 *  may have chosen another in Leerplek). */
async function offlinePageIn(lang) {
  const stored = await caches.match(OFFLINE_URL);
  if (!/^[a-z]{2}$/.test(lang || "") || (stored && stored.headers.get("Content-Language") === lang)) return;
  const fresh = await fetch(`${OFFLINE_URL}?lang=${lang}`, { credentials: "omit" }).catch(() => null);
  if (fresh && fresh.ok) await (await caches.open(STATIC_CACHE)).put(OFFLINE_URL, fresh);
}

// An open page flushes by itself (and shows the result), so the worker only asks it to; with no
// page open the worker sends. Items left unsent fail the event, so the browser tries again later.
async function flushFromWorker() {
  const pages = await self.clients.matchAll({ type: "window" });
  if (pages.length) {
    pages.forEach((page) => page.postMessage({ type: "flush" }));
    return;
  }
  const outcome = await self.LeerplekOutbox.flush();
  if (outcome === "retry" || outcome === "partial") throw new Error("outbox not sent yet");
}

self.addEventListener("sync", (event) => {
  if (event.tag === self.LeerplekOutbox.SYNC_TAG) event.waitUntil(flushFromWorker());
});

async function staticFirst(request) {
  // The shell is in STATIC_CACHE; card images (/media/) are in PAGES_CACHE: look in every cache.
  const hit = await caches.match(request);
  if (hit) return hit;
  try {
    return await fetch(request);
  } catch (error) {
    // A download for the phone (supervisor-offline.js) would keep the old file under the new
    // URL for good: it must fail instead.
    if (request.headers.get("X-Leerplek-Offline-Copy")) throw error;
    // An old cached page may ask for an asset version that a deploy replaced: any version of
    // the same file is better than an unstyled page.
    const fallback = await caches.match(request, { ignoreSearch: true });
    if (fallback) return fallback;
    throw error;
  }
}

function timeout(ms) {
  return new Promise((resolve) => setTimeout(() => resolve(null), ms));
}

/** Network first; after `waitMs` (or at once when the network fails, or answers with a server
 *  error) the stored copy; with no stored copy keep waiting for the network, and with no network
 *  the offline page. */
async function networkFirstPage(request, stored, waitMs) {
  const network = fetch(request).then(
    (response) => (stored && response.status >= 500 ? null : response),
    () => null,
  );
  let response = await Promise.race([network, timeout(waitMs)]);
  if (response) return response;
  if (stored) return stored;
  response = await network; // slow but nothing stored: keep waiting for the network
  if (response) return response;
  return (await caches.match(OFFLINE_URL)) || Response.error();
}

async function storedStartPage() {
  const manifest = await Pages.manifest();
  if (manifest && (await Pages.match(manifest.home))) return manifest.home;
  return (await Pages.match(SUPERVISOR_HOME)) ? SUPERVISOR_HOME : null;
}

async function page(event) {
  const request = event.request;
  const url = new URL(request.url);
  if (url.pathname === "/" && !url.search) {
    const home = await storedStartPage();
    if (home) return Response.redirect(home, 302);
  }
  const stored = await Pages.match(request.url);
  if (!stored) return networkFirstPage(request, null, NETWORK_TIMEOUT_MS);
  // A supervisor wants the newest state of their learners: the network decides, the stored
  // copy is for no network or a hanging one.
  if (url.pathname.startsWith(SUPERVISOR_HOME)) return networkFirstPage(request, stored, NETWORK_TIMEOUT_MS);
  if (Pages.isStale(stored, await Pages.manifest(), url.pathname)) {
    return networkFirstPage(request, stored, STALE_TIMEOUT_MS);
  }
  return stored; // cache first; the page asks whether it changed (learner.js)
}

/** Someone logs in on this phone (the form or a QR card): the lessons stored for whoever used it
 *  before go first, so the page after log-in can never be the previous learner's stored copy.
 *  Their unsent tasks stay in the outbox; they are sent when that learner logs in again. */
function isLogIn(request, url) {
  return request.method === "POST" && request.mode === "navigate"
    && (url.pathname === "/login" || url.pathname.startsWith("/qr/"));
}

/** A log-out sent as a plain form (from a page without the guarded log-out of logout.js, e.g. a
 *  supervisor's printable overview): the stored pages go too, as with a log-in. */
function isLogOut(request, url) {
  return request.method === "POST" && request.mode === "navigate" && url.pathname.startsWith("/logout");
}

async function logIn(request) {
  await caches.delete(Pages.CACHE);
  return fetch(request).catch(async () => (await caches.match(OFFLINE_URL)) || Response.error());
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (url.origin === self.location.origin && (isLogIn(request, url) || isLogOut(request, url))) {
    event.respondWith(logIn(request));
    return;
  }
  if (request.method !== "GET") return;
  if (url.origin !== self.location.origin) return;
  if (url.pathname.startsWith("/api/")) return; // always live; the outbox handles failures
  if (url.pathname.startsWith("/static/") || url.pathname.startsWith("/media/")) {
    event.respondWith(staticFirst(request));
  } else if (request.mode === "navigate") {
    event.respondWith(page(event));
  }
});
