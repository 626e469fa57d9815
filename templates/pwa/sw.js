/* Leerplek service worker (rendered by app/pwa/routes.py; served from / with no-cache).
 *
 * - App shell: precached under content-hashed URLs in a cache named after their combined hash, so
 *   a deploy installs a new cache next to the old one; the old one is removed on activate.
 * - Pages: network first, the cached copy after a short timeout (a hanging connection must not
 *   hang the app), the offline page when neither exists. Learner pages are kept offline by
 *   static/js/offline-content.js, which writes them into PAGES_CACHE.
 * - A new worker waits until the page asks it to take over (the "Nieuwe versie" button), so an
 *   open page never gets a mix of old and new files; clients.claim() makes the first worker
 *   control the page at once, without a reload.
 * - Background Sync (where the browser has it) flushes the outbox when no page is open.
 */
"use strict";
const VERSION = {{ version | tojson }};
const STATIC_CACHE = "leerplek-static-" + VERSION;
const PAGES_CACHE = "leerplek-pages";
const PRECACHE = {{ precache | tojson }};
const OFFLINE_URL = {{ offline_url | tojson }};
const NETWORK_TIMEOUT_MS = 3500;

importScripts({{ outbox_core | tojson }});

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
});

// An open page flushes by itself (and shows the result), so the worker only asks it to; with no
// page open the worker sends. A "retry" outcome fails the event, so the browser tries again later.
async function flushFromWorker() {
  const pages = await self.clients.matchAll({ type: "window" });
  if (pages.length) {
    pages.forEach((page) => page.postMessage({ type: "flush" }));
    return;
  }
  const outcome = await self.LeerplekOutbox.flush();
  if (outcome === "retry") throw new Error("outbox not sent yet");
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

async function networkFirstPage(request) {
  const network = fetch(request).then(
    (response) => response,
    () => null,
  );
  // caches.match with a name does not create the cache (caches.open would, even after logout).
  const cached = caches.match(request, { cacheName: PAGES_CACHE, ignoreVary: true });
  let response = await Promise.race([network, timeout(NETWORK_TIMEOUT_MS)]);
  if (response) return response;
  const copy = await cached;
  if (copy) return copy;
  response = await network; // slow but nothing cached: keep waiting for the network
  if (response) return response;
  return (await caches.match(OFFLINE_URL)) || Response.error();
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (url.pathname.startsWith("/api/")) return; // always live; the outbox handles failures
  if (url.pathname.startsWith("/static/") || url.pathname.startsWith("/media/")) {
    event.respondWith(staticFirst(request));
  } else if (request.mode === "navigate") {
    event.respondWith(networkFirstPage(request));
  }
});
