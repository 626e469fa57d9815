/* The outbox: completed tasks wait in IndexedDB until the server has them.
 *
 * Loaded two ways, so it has no import/export: by the service worker with importScripts()
 * (Background Sync flushes with no page open) and by the pages' modules as a plain import
 * (learner.js, card.js, logout.js). Both get self.LeerplekOutbox.
 *
 * Every item keeps the id the phone made; the server stores an id once, so sending an item again
 * after a lost answer is always safe. An item's status:
 * - "pending": waits to be sent. Network errors, timeouts, 5xx and 429 keep it for a retry; 401
 *   keeps it until the learner logs in again.
 * - "sent": the server answered "accepted" or "duplicate". Kept only until a newer offline
 *   manifest shows the task as done, so pages never count it as undone in between.
 * - "rejected": the server refused it, with a reason; kept until the learner removes it.
 * - "stuck": it kept failing with 5xx even when sent alone; kept until the learner chooses to
 *   try again later or to remove it.
 * One bad item must never block the rest: a batch that fails with 5xx more than twice is split in
 * halves (each item remembers the largest batch it may travel in), so good items go through and
 * the bad one ends up alone.
 *
 * A supervisor's sign-offs and feedback made offline wait here too (addItem, from
 * supervisor.js): such an item carries where it goes (`send`: the endpoint, the body's key, the
 * most items a batch may hold, and `clock` when the request carries the phone's time of sending)
 * and what is sent (`body`), and travels the same way. A batch never mixes two endpoints.
 *
 * Photos of a task (at most 3) wait in a store of their own, written in the same transaction as
 * their task. Each goes up on its own once the server has its task: PUT
 * /api/v1/completions/<task id>/photos/<number> with the SHA-256 of its bytes, so a photo sent
 * again after a lost answer or a cut connection is stored once. A photo leaves the phone only
 * when the server said it has it (201 or 200); it is "rejected" (kept, with the reason) when the
 * server refuses it, and waits for the next flush after a network error, 5xx or 429.
 */
(function (global) {
  "use strict";
  const DB_NAME = "leerplek";
  const STORE = "outbox";
  const PHOTOS = "photos";
  const SYNC_TAG = "leerplek-outbox";
  const BATCH = 200;
  const TIMEOUT_MS = 15000;
  const PHOTO_TIMEOUT_MS = 60000; // 300 KB over a slow mobile link
  // A photo the server keeps failing on (5xx) is tried once an hour after this many failures,
  // not on every retry: 300 KB each time costs a cheap phone's data. It is never dropped.
  const PHOTO_SLOW_AFTER = 5;
  const PHOTO_SLOW_RETRY_MS = 60 * 60 * 1000;
  const SPLIT_AFTER = 2; // failures of a batch before it is split
  const STUCK_AFTER_MS = 5 * 60 * 1000; // failing alone this long (or next to good items): stuck
  const STUCK_RETRY_MS = 60 * 60 * 1000; // a stuck item is still tried by itself, once an hour
  const SENT_KEEP_MS = 30 * 24 * 3600 * 1000; // a sent item is forgotten after this at the latest
  const UNSENT = new Set(["pending", "stuck"]);
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
      const opening = indexedDB.open(DB_NAME, 2);
      opening.onupgradeneeded = (event) => {
        const db = opening.result;
        if (event.oldVersion < 1) db.createObjectStore(STORE, { keyPath: "id" }).createIndex("user_id", "user_id");
        if (event.oldVersion < 2) {
          const photos = db.createObjectStore(PHOTOS, { keyPath: "key" });
          photos.createIndex("user_id", "user_id");
          photos.createIndex("item_id", "item_id");
        }
      };
      dbPromise = request(opening).then((db) => {
        db.onversionchange = () => { db.close(); dbPromise = null; };
        return db;
      });
      dbPromise.catch(() => { dbPromise = null; }); // a later attempt may work (storage freed)
    }
    return dbPromise;
  }

  /** Run `work` in one transaction over `names` (one store: `work` gets it; more: an object of
   *  stores by name). Resolves when the transaction is committed. */
  async function tx(mode, work, names = [STORE]) {
    const db = await open();
    const transaction = db.transaction(names, mode);
    const finished = new Promise((resolve, reject) => {
      transaction.oncomplete = resolve;
      transaction.onerror = () => reject(transaction.error);
      transaction.onabort = () => reject(transaction.error);
    });
    const stores = Object.fromEntries(names.map((name) => [name, transaction.objectStore(name)]));
    let result;
    try {
      result = await work(names.length === 1 ? stores[names[0]] : stores);
    } catch (error) {
      // e.g. a value IndexedDB cannot keep: nothing of this transaction may stay (a task must
      // never be kept without its photos).
      try { transaction.abort(); } catch (aborted) { /* finished already */ }
      finished.catch(() => {});
      throw error;
    }
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

  /** Text a database can store: no NUL, and no half of an emoji (a lone surrogate, which a
   *  textarea's maxlength can leave behind when it cuts a pasted text). */
  function storable(text) {
    const clean = String(text || "").replace(/\u0000/g, "");
    if (typeof clean.toWellFormed === "function") return clean.toWellFormed();
    return clean.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(^|[^\ud800-\udbff])[\udc00-\udfff]/g, (m, before) => `${before || ""}\ufffd`);
  }

  /** A completed task as the phone keeps it: its id and the phone's time are made once, here or
   *  by the caller (a second try of the same form must carry the same id and time, so that the
   *  server stores it once even when the first answer got lost). */
  function newItem(userId, fields) {
    return {
      id: fields.id || newId(),
      user_id: userId,
      task_id: fields.task_id,
      card_version: fields.card_version,
      completed_at: fields.completed_at || new Date().toISOString(),
      reflection: fields.reflection,
      note: storable(fields.note).trim(),
      title: fields.title || "", // shown with a rejected item; never sent
      status: "pending",
      error: null,
      failures: 0,
      limit: BATCH,
    };
  }

  /** Store an item built elsewhere ({send, body, ...} with its id in body.id); sending comes
   *  after. Returns the stored item. */
  async function addItem(userId, fields) {
    const item = {
      ...fields, id: fields.body.id, user_id: userId, made_at: new Date().toISOString(),
      status: "pending", error: null, failures: 0, limit: fields.send.max,
    };
    await tx("readwrite", (store) => request(store.add(item)));
    changed();
    return item;
  }

  /** Store a completed task, with its photos ({blob, sha256} each), first; sending comes after.
   *  Task and photos are stored together or not at all. Returns the stored item. */
  async function add(userId, fields, photos = []) {
    const item = { ...newItem(userId, fields), photos: photos.length };
    await tx("readwrite", (stores) => {
      stores[STORE].add(item);
      photos.forEach((photo, index) => stores[PHOTOS].add({
        key: `${item.id}:${index + 1}`,
        item_id: item.id,
        number: index + 1,
        user_id: userId,
        title: item.title,
        blob: photo.blob,
        sha256: photo.sha256,
        size: photo.blob.size,
        status: "waiting",
        error: null,
        failures: 0,
      }));
    }, [STORE, PHOTOS]);
    changed();
    return item;
  }

  function photos(userId) {
    return tx("readonly", (store) => request(store.index("user_id").getAll(userId)), [PHOTOS]);
  }

  async function removePhoto(key) {
    await tx("readwrite", (store) => request(store.delete(key)), [PHOTOS]);
    changed();
  }

  /** Change a stored photo, if it is still there: another page or the worker may have sent or
   *  removed it meanwhile, and a stale copy must never bring it back. */
  async function updatePhoto(key, change) {
    await tx("readwrite", async (store) => {
      const photo = await request(store.get(key));
      if (photo) store.put(change(photo));
    }, [PHOTOS]);
  }

  /** Photos that wait for the network: not those of a task the server refused (they go when
   *  the learner removes that task) and not those the server refused. */
  function waitingPhotos(allPhotos, allItems) {
    const refused = new Set(allItems.filter((item) => item.status === "rejected").map((item) => item.id));
    return allPhotos.filter((photo) => photo.status === "waiting" && !refused.has(photo.item_id));
  }

  function items(userId) {
    return tx("readonly", (store) => request(store.index("user_id").getAll(userId)));
  }

  async function update(ids, change) {
    await tx("readwrite", async (store) => {
      for (const id of ids) {
        const item = await request(store.get(id));
        if (item) store.put(change(item));
      }
    });
  }

  /** Remove a task the learner gave up on, with its photos. */
  async function remove(id) {
    await tx("readwrite", async (stores) => {
      stores[STORE].delete(id);
      const keys = await request(stores[PHOTOS].index("item_id").getAllKeys(id));
      keys.forEach((key) => stores[PHOTOS].delete(key));
    }, [STORE, PHOTOS]);
    changed();
  }

  /** "Later opnieuw proberen" for a stuck item: it waits again, and travels alone. */
  async function retryLater(id) {
    await update([id], (item) => ({ ...item, status: "pending", failures: 0, failing_since: null, limit: 1 }));
    changed();
  }

  /** Forget sent items that a manifest asked for at `askedAt` already shows as done. */
  async function forgetSent(userId, askedAt) {
    const oldest = Date.now() - SENT_KEEP_MS;
    const gone = (await items(userId))
      .filter((item) => item.status === "sent" && (item.sent_at < askedAt || item.sent_at < oldest))
      .map((item) => item.id);
    if (!gone.length) return;
    await tx("readwrite", (store) => Promise.all(gone.map((id) => request(store.delete(id)))));
    changed();
  }

  async function fetchWithTimeout(url, options, timeoutMs = TIMEOUT_MS) {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), timeoutMs);
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

  /** Where an item goes: a task to the learner's endpoint, an item added by addItem where it
   *  says. */
  const TASKS = { url: "/api/v1/sync", key: "completions", max: BATCH };
  function routeOf(item) {
    return item.send || TASKS;
  }

  /** POST a batch. Resolves to {kind: "login" | "retry" | "failed" | "too_big" | "invalid" |
   *  "answered"} with
   *  the server's per-item results or per-index errors. "failed" is a 5xx: maybe an item in it. */
  async function post(batch, token) {
    const route = routeOf(batch[0]);
    const response = await fetchWithTimeout(route.url, {
      method: "POST",
      headers: { "Content-Type": "application/json", Accept: "application/json", "X-CSRFToken": token },
      body: JSON.stringify({
        [route.key]: batch.map((item) => item.body || payload(item)),
        // The phone's clock now, where the endpoint corrects the items' times by it.
        ...(route.clock ? { sent_at: new Date().toISOString() } : {}),
      }),
    });
    if (response.status === 401) return { kind: "login" };
    if (response.status === 413) return { kind: "too_big" };
    if (response.status >= 500) return { kind: "failed" };
    if (response.status === 400) {
      const body = await response.json().catch(() => ({}));
      const perItem = body.errors && body.errors[route.key];
      if (perItem && typeof perItem === "object" && !Array.isArray(perItem)) {
        const bad = Object.keys(perItem).map((index) => batch[Number(index)]).filter(Boolean);
        if (bad.length) return { kind: "invalid", bad };
      }
      return { kind: "retry" }; // e.g. a CSRF token that expired in between: try with a new one
    }
    if (!response.ok) return { kind: "retry" }; // 429, a proxy's 403: keep everything
    const { results } = await response.json();
    return { kind: "answered", results };
  }

  async function token() {
    const response = await fetchWithTimeout("/api/v1/csrf", { headers: { Accept: "application/json" } });
    if (response.status === 401) return { login: true };
    if (!response.ok) return null;
    return response.json();
  }

  async function recordAnswers(results) {
    const byId = new Map(results.map((result) => [result.id, result]));
    const sentAt = Date.now();
    await update([...byId.keys()], (item) => {
      const result = byId.get(item.id);
      if (result.status === "accepted" || result.status === "duplicate") {
        return { ...item, status: "sent", sent_at: sentAt, error: null };
      }
      if (result.status === "rejected") return { ...item, status: "rejected", error: result.error || null };
      return item;
    });
  }

  /** The item travels in smaller batches than its endpoint takes: its batch was split before. */
  function wasHalved(item) {
    const full = routeOf(item).max;
    return (item.limit || full) < full;
  }

  /** A 5xx for this batch: after SPLIT_AFTER failures the batch is halved, and once split it is
   *  halved on every further failure, until a bad item travels alone. */
  async function recordFailure(batch, now) {
    const half = Math.ceil(batch.length / 2);
    await update(batch.map((item) => item.id), (item) => {
      const failures = (item.failures || 0) + 1;
      const failing_since = item.failing_since || now;
      const split = failures > SPLIT_AFTER || wasHalved(item);
      if (!split || batch.length === 1) return { ...item, failures, failing_since };
      return { ...item, failures, failing_since, limit: half };
    });
  }

  /** Items that failed alone in this flush are "stuck" once that is clearly their own doing:
   *  other items went through in the same flush (the server works), or they have failed for
   *  STUCK_AFTER_MS. A short outage of the server therefore never marks anything stuck. */
  async function markStuck(ids, serverWorks, now) {
    await update(ids, (item) => {
      const long = now - (item.failing_since || now) > STUCK_AFTER_MS;
      if (item.failures > SPLIT_AFTER && (serverWorks || long)) return { ...item, status: "stuck", stuck_at: now };
      return item;
    });
  }

  /** Waiting to be sent now: pending items, and stuck ones whose hourly retry is due. */
  function due(item, now) {
    return item.status === "pending" || (item.status === "stuck" && now - (item.stuck_at || 0) > STUCK_RETRY_MS);
  }

  /** The next batch: oldest first, no bigger than the smallest limit of the items in it, all
   *  for one endpoint. */
  function nextBatch(pending) {
    const batch = [];
    let cap = BATCH;
    for (const item of pending) {
      const itemCap = Math.min(cap, item.limit || BATCH);
      if (batch.length + 1 > itemCap || routeOf(item).url !== routeOf(pending[0]).url) break;
      batch.push(item);
      cap = itemCap;
    }
    return batch;
  }

  function oldestFirst(a, b) {
    const [atA, atB] = [a.completed_at || a.made_at, b.completed_at || b.made_at];
    return atA < atB ? -1 : atA > atB ? 1 : a.id < b.id ? -1 : 1;
  }

  /** Send one photo. Resolves to "stored" (the server has it: it left the phone), "rejected",
   *  "login", "retry" (5xx, 429, an expired token: keep it for the next flush); throws when the
   *  network failed or the connection was cut. */
  async function putPhoto(photo, token) {
    const response = await fetchWithTimeout(`/api/v1/completions/${photo.item_id}/photos/${photo.number}`, {
      method: "PUT",
      headers: {
        "Content-Type": photo.blob.type || "image/jpeg",
        Accept: "application/json",
        "X-CSRFToken": token,
        "X-Content-SHA256": photo.sha256,
      },
      body: photo.blob,
    }, PHOTO_TIMEOUT_MS);
    if (response.status === 401) return "login";
    const body = await response.json().catch(() => ({}));
    // Only the API's own answer counts as "the server has it", never a proxy's page.
    if (response.ok && !response.redirected && ["stored", "duplicate"].includes(body.status)) {
      await removePhoto(photo.key);
      return "stored";
    }
    const refused = [404, 409, 413].includes(response.status)
      || (response.status === 400 && body.message === "validation");
    if (!refused) {
      await updatePhoto(photo.key, (stored) => ({
        ...stored, failures: (stored.failures || 0) + 1, failed_at: Date.now(),
      }));
      return "retry";
    }
    const reason = (body.errors && body.errors.photo && body.errors.photo[0]) || null;
    await updatePhoto(photo.key, (stored) => ({ ...stored, status: "rejected", error: reason }));
    return "rejected";
  }

  /** Send the waiting photos whose task the server has (a task no longer in the outbox was sent
   *  and forgotten). Resolves to "ok", "retry" or "login". */
  async function uploadPhotos(userId, token) {
    const allItems = await items(userId);
    const waiting = waitingPhotos(await photos(userId), allItems);
    if (!waiting.length) return "ok";
    const tasks = new Map(allItems.map((item) => [item.id, item]));
    const now = Date.now();
    let outcome = "ok";
    for (const photo of waiting.sort((a, b) => (a.key < b.key ? -1 : 1))) {
      const task = tasks.get(photo.item_id);
      if (task && task.status !== "sent") continue; // its task goes first
      const slow = (photo.failures || 0) >= PHOTO_SLOW_AFTER;
      if (slow && now - (photo.failed_at || 0) < PHOTO_SLOW_RETRY_MS) continue;
      let answer;
      try {
        answer = await putPhoto(photo, token);
      } catch (error) {
        return "retry"; // offline, cut off or timed out: the rest waits too
      }
      if (answer === "login") return "login";
      if (answer === "retry") outcome = "retry";
    }
    return outcome;
  }

  let running = null;

  /** Send the pending items of the logged-in learner. Resolves to "idle" (nothing to send),
   *  "ok", "partial" (some went through, some wait: try again soon), "retry" (keep and try
   *  later) or "login" (session ended). */
  function flush() {
    if (!running) running = doFlush().finally(() => { running = null; changed(); });
    return running;
  }

  async function doFlush() {
    // Nothing waiting, the usual case: no request at all (a cheap phone on a slow line pays for
    // every one). With nothing unsent a 401 would mean "idle" too, so nothing is missed.
    if (!(await anyUnsent().catch(() => true))) return "idle";
    let session;
    try {
      session = await token();
    } catch (error) {
      return "retry";
    }
    if (!session) return "retry";
    if (session.login) return (await anyUnsent()) ? "login" : "idle";
    const { csrf_token: csrfToken, user_id: userId } = session;
    const now = Date.now();
    const tried = new Set(); // each item at most once per flush
    const failedAlone = [];
    let delivered = false;
    let failedInARow = 0;
    let outcome = "ok";
    for (let round = 0; ; round += 1) {
      const pending = (await items(userId))
        .filter((item) => due(item, now) && !tried.has(item.id))
        .sort(oldestFirst);
      if (!pending.length) break;
      if (round === 50) { // a guard, never reached with batches of 200
        outcome = "retry";
        break;
      }
      const batch = nextBatch(pending);
      batch.forEach((item) => tried.add(item.id));
      let answer;
      try {
        answer = await post(batch, csrfToken);
      } catch (error) {
        return delivered ? "partial" : "retry"; // offline, timeout, or an answer that was not JSON
      }
      if (answer.kind === "login") return "login";
      if (answer.kind === "retry") return delivered ? "partial" : "retry";
      if (answer.kind === "invalid") {
        // The server named broken items by index: set them aside, send the others again.
        await update(answer.bad.map((item) => item.id), (item) => ({ ...item, status: "rejected", error: null }));
        batch.forEach((item) => tried.delete(item.id));
        continue;
      }
      if (answer.kind === "too_big") {
        // More than the server takes in one request: send it in halves (alone, it cannot go).
        const half = Math.ceil(batch.length / 2);
        await update(batch.map((item) => item.id), (item) => (
          batch.length === 1 ? { ...item, status: "stuck", stuck_at: now } : { ...item, limit: half }));
        batch.forEach((item) => tried.delete(item.id));
        continue;
      }
      if (answer.kind === "failed") {
        const wasSplit = batch.some(wasHalved);
        await recordFailure(batch, now);
        if (batch.length === 1) failedAlone.push(batch[0].id);
        failedInARow += 1;
        outcome = "retry";
        // An unsplit batch failing may mean the server is down: stop, try later. A split batch
        // failing points at an item in it: the other halves still get their turn now.
        if (!wasSplit || failedInARow >= 2) break;
        continue;
      }
      failedInARow = 0;
      delivered = true;
      await recordAnswers(answer.results);
    }
    if (failedAlone.length) await markStuck(failedAlone, delivered, now);
    const photoOutcome = await uploadPhotos(userId, csrfToken);
    if (photoOutcome === "login") return "login";
    if (photoOutcome === "retry") outcome = "retry";
    if (outcome === "retry" && delivered) return "partial";
    return outcome;
  }

  /** Without the outbox (IndexedDB failed: private mode, storage full) a task goes straight to
   *  the server, with the same id rules. Resolves to the server's result for it, or throws. */
  async function sendDirect(userId, fields) {
    const session = await token();
    if (!session || session.login || session.user_id !== userId) throw new Error("no session");
    const answer = await post([newItem(userId, fields)], session.csrf_token);
    if (answer.kind !== "answered") throw new Error(`not sent: ${answer.kind}`);
    return answer.results[0];
  }

  async function anyUnsent() {
    const [all, allPhotos] = await tx("readonly", (stores) => Promise.all([
      request(stores[STORE].getAll()),
      request(stores[PHOTOS].getAll()),
    ]), [STORE, PHOTOS]);
    return all.some((item) => UNSENT.has(item.status)) || waitingPhotos(allPhotos, all).length > 0;
  }

  global.LeerplekOutbox = {
    SYNC_TAG, UNSENT, newId, storable, add, addItem, items, photos, waitingPhotos, remove, removePhoto, retryLater,
    forgetSent, flush, sendDirect, channel,
  };
})(self);
