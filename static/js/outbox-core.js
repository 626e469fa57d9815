/* The outbox: completed tasks wait in IndexedDB until the server has them.
 *
 * Loaded two ways, so it has no import/export: by the service worker with importScripts()
 * (Background Sync flushes with no page open) and by outbox.js as a module (pages). Both get
 * self.LeerplekOutbox.
 *
 * Every item keeps the id the phone made; the server stores an id once, so sending an item again
 * after a lost answer is always safe. An item leaves the outbox only when the server answered
 * "accepted" or "duplicate". Network errors, timeouts, 5xx and 429 keep it for a retry; 401 keeps
 * it until the learner logs in again; "rejected" keeps it, with the reason, until the learner
 * removes it.
 */
(function (global) {
  "use strict";
  const DB_NAME = "leerplek";
  const STORE = "outbox";
  const SYNC_TAG = "leerplek-outbox";
  const BATCH = 200;
  const TIMEOUT_MS = 15000;
  const channel = typeof BroadcastChannel === "function" ? new BroadcastChannel("leerplek-outbox") : null;

  function request(idbRequest) {
    return new Promise((resolve, reject) => {
      idbRequest.onsuccess = () => resolve(idbRequest.result);
      idbRequest.onerror = () => reject(idbRequest.error);
    });
  }

  let dbPromise = null;
  function open() {
    if (!dbPromise) {
      const opening = indexedDB.open(DB_NAME, 1);
      opening.onupgradeneeded = () => {
        const store = opening.result.createObjectStore(STORE, { keyPath: "id" });
        store.createIndex("user_id", "user_id");
      };
      dbPromise = request(opening).then((db) => {
        db.onversionchange = () => { db.close(); dbPromise = null; };
        return db;
      });
    }
    return dbPromise;
  }

  async function tx(mode, work) {
    const db = await open();
    const transaction = db.transaction(STORE, mode);
    const finished = new Promise((resolve, reject) => {
      transaction.oncomplete = resolve;
      transaction.onerror = () => reject(transaction.error);
      transaction.onabort = () => reject(transaction.error);
    });
    const result = await work(transaction.objectStore(STORE));
    await finished;
    return result;
  }

  function changed() {
    if (channel) channel.postMessage({ type: "changed" });
  }

  function newId() {
    if (global.crypto && typeof global.crypto.randomUUID === "function") return global.crypto.randomUUID();
    const bytes = global.crypto.getRandomValues(new Uint8Array(16));
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  }

  /** Store a completed task first; sending comes after. Returns the stored item. */
  async function add(userId, fields) {
    const item = {
      id: newId(),
      user_id: userId,
      task_id: fields.task_id,
      card_version: fields.card_version,
      completed_at: new Date().toISOString(),
      reflection: fields.reflection,
      note: fields.note || "",
      title: fields.title || "", // shown with a rejected item; never sent
      status: "pending",
      error: null,
    };
    await tx("readwrite", (store) => request(store.add(item)));
    changed();
    return item;
  }

  function items(userId) {
    return tx("readonly", (store) => request(store.index("user_id").getAll(userId)));
  }

  async function remove(id) {
    await tx("readwrite", (store) => request(store.delete(id)));
    changed();
  }

  async function clear() {
    await tx("readwrite", (store) => request(store.clear()));
    changed();
  }

  async function markRejected(results) {
    await tx("readwrite", async (store) => {
      for (const [id, error] of results) {
        const item = await request(store.get(id));
        if (item) {
          item.status = "rejected";
          item.error = error;
          store.put(item);
        }
      }
    });
  }

  async function removeMany(ids) {
    await tx("readwrite", (store) => Promise.all(ids.map((id) => request(store.delete(id)))));
  }

  async function fetchWithTimeout(url, options) {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), TIMEOUT_MS);
    try {
      return await fetch(url, { ...options, signal: controller.signal, credentials: "same-origin", cache: "no-store" });
    } finally {
      clearTimeout(timer);
    }
  }

  function payload(item) {
    const { id, task_id, card_version, completed_at, reflection, note } = item;
    return { id, task_id, card_version, completed_at, reflection, note };
  }

  async function sendBatch(batch, token) {
    const response = await fetchWithTimeout("/api/v1/sync", {
      method: "POST",
      headers: { "Content-Type": "application/json", Accept: "application/json", "X-CSRFToken": token },
      body: JSON.stringify({ completions: batch.map(payload) }),
    });
    if (response.status === 401) return "login";
    if (response.status === 400) {
      const body = await response.json().catch(() => ({}));
      const perItem = body.errors && body.errors.completions;
      if (perItem && typeof perItem === "object" && !Array.isArray(perItem)) {
        // The server names the broken items by index; keep them aside, send the rest again.
        const bad = Object.keys(perItem).map((index) => [batch[Number(index)].id, null]).filter(([id]) => id);
        await markRejected(bad);
        return bad.length ? "again" : "retry";
      }
      return "retry"; // e.g. a CSRF token that expired in between: try again with a new one
    }
    if (!response.ok) return "retry"; // 5xx, 429, 403 of a proxy: keep everything
    const { results } = await response.json();
    const done = results.filter((r) => r.status === "accepted" || r.status === "duplicate").map((r) => r.id);
    await removeMany(done);
    await markRejected(results.filter((r) => r.status === "rejected").map((r) => [r.id, r.error || null]));
    return "ok";
  }

  let running = null;

  /** Send the pending items of the logged-in learner. Resolves to
   *  "idle" (nothing to send), "ok", "retry" (keep and try later) or "login" (session ended). */
  function flush() {
    if (!running) running = doFlush().finally(() => { running = null; changed(); });
    return running;
  }

  async function doFlush() {
    let token;
    let userId;
    try {
      const response = await fetchWithTimeout("/api/v1/csrf", { headers: { Accept: "application/json" } });
      if (response.status === 401) {
        return (await anyPending()) ? "login" : "idle";
      }
      if (!response.ok) return "retry";
      ({ csrf_token: token, user_id: userId } = await response.json());
    } catch (error) {
      return "retry";
    }
    for (let round = 0; round < 20; round += 1) {
      const pending = (await items(userId)).filter((item) => item.status === "pending");
      if (!pending.length) return "ok";
      let outcome;
      try {
        outcome = await sendBatch(pending.slice(0, BATCH), token);
      } catch (error) {
        return "retry"; // offline, timeout, or an answer that was not JSON
      }
      if (outcome === "login" || outcome === "retry") return outcome;
    }
    return "retry";
  }

  async function anyPending() {
    const all = await tx("readonly", (store) => request(store.getAll()));
    return all.some((item) => item.status === "pending");
  }

  global.LeerplekOutbox = { SYNC_TAG, add, items, remove, clear, flush, channel };
})(self);
