/* The lessons kept on the phone: one cache of learner pages, plus the offline manifest that says
 * which card versions are current and which tasks the server has as done.
 *
 * Loaded two ways, like outbox-core.js: by the service worker with importScripts() (it serves
 * these pages cache-first and refreshes them in the background) and by offline-content.js as a
 * module (it downloads them after log-in). Both get self.LeerplekPages.
 */
(function (global) {
  "use strict";
  const CACHE = "leerplek-pages";
  const MANIFEST_URL = "/api/v1/learner/content";

  /** The stored response for a URL. ignoreVary: pages vary on Cookie and Accept-Encoding, which
   *  a stored request made from a plain URL does not carry. caches.match with a cache name does
   *  not create the cache (caches.open would, even right after logout). */
  function match(url) {
    return caches.match(url, { cacheName: CACHE, ignoreVary: true });
  }

  /** The stored offline manifest, or null. */
  async function manifest() {
    const stored = await match(MANIFEST_URL);
    if (!stored) return null;
    try {
      return await stored.json();
    } catch (error) {
      return null;
    }
  }

  function cards(manifest) {
    return manifest ? manifest.packages.flatMap((pkg) => pkg.cards) : [];
  }

  /** A stored page the network must replace before it is shown again: built by another deploy
   *  or in another language than the manifest's (`Page-Version`), stored by an app version from
   *  before that header, or a card older than the manifest's version of it. */
  function isStale(response, manifest, path) {
    const build = response.headers.get("Page-Version");
    if (!build || (manifest && manifest.page_version !== build)) return true;
    const card = cards(manifest).find((item) => item.url === path);
    return Boolean(card) && Number(response.headers.get("Card-Version") || 0) < card.version;
  }

  /** The ids of tasks the server had as done when the manifest was fetched. */
  function doneTaskIds(manifest) {
    const done = new Set();
    for (const card of cards(manifest)) {
      for (const task of card.tasks) if (task.done) done.add(task.id);
    }
    return done;
  }

  /** The ETag of a stored response without its W/"..." wrapping (pages carry it bare). */
  function etagOf(response) {
    const etag = (response && response.headers.get("ETag")) || "";
    return etag.replace(/^W\//, "").replace(/"/g, "");
  }

  /** Ask the server for a page again, with the stored copy's ETag: an unchanged page costs a
   *  304. A changed page is stored. A redirect (the session ended: the login page) or an error
   *  is never stored as a lesson, nor a page without an ETag (a one-off, with a message on it).
   *  Resolves to true when the stored copy changed. `signal` can stop it (logging out). */
  async function refresh(url, stored, signal) {
    const headers = {};
    if (etagOf(stored)) headers["If-None-Match"] = stored.headers.get("ETag");
    // redirect: "manual": a log-in that ended meanwhile answers with a redirect to the log-in
    // page, which must not be fetched: it would show (and use up) the "logged out" message meant
    // for the page the learner goes to next.
    const response = await fetch(url, {
      headers, signal, credentials: "same-origin", cache: "no-store", redirect: "manual",
    });
    if (response.status === 304 && stored) return false;
    if (response.status !== 200 || response.redirected) throw new Error(`could not fetch ${url}`);
    const html = (response.headers.get("Content-Type") || "").startsWith("text/html");
    if (html && !etagOf(response)) return false;
    const changed = !stored || etagOf(response) !== etagOf(stored);
    const cache = await caches.open(CACHE);
    await cache.put(url, response);
    return changed;
  }

  global.LeerplekPages = { CACHE, MANIFEST_URL, match, manifest, isStale, doneTaskIds, etagOf, refresh };
})(self);
