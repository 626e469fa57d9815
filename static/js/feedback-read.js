// Feedback from the supervisor is "Nieuw" until the learner has seen it once. The phone keeps
// which notes it showed (per learner, in localStorage), so the mark is gone on the next view,
// also offline, and tells the server when it can (POST /api/v1/feedback/read); ids it could not
// report yet are sent with the next page that loads online.
const SEEN = (userId) => `leerplek-feedback-seen-${userId}`;
const UNREPORTED = (userId) => `leerplek-feedback-unreported-${userId}`;

function load(key) {
  try {
    return new Set(JSON.parse(localStorage.getItem(key) || "[]"));
  } catch (error) {
    return new Set();
  }
}

function save(key, ids) {
  localStorage.setItem(key, JSON.stringify([...ids].slice(-500)));
}

async function report(userId, token) {
  const unreported = load(UNREPORTED(userId));
  if (!unreported.size || !navigator.onLine || !token) return;
  const ids = [...unreported].slice(0, 200);
  try {
    const response = await fetch("/api/v1/feedback/read", {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", Accept: "application/json", "X-CSRFToken": token },
      body: JSON.stringify({ ids }),
    });
    if (!response.ok) return;
    const left = load(UNREPORTED(userId));
    ids.forEach((id) => left.delete(id));
    save(UNREPORTED(userId), left);
  } catch (error) { /* offline: the next page tries again */ }
}

/** Hide the "Nieuw" mark of notes shown before; remember the ones shown now. `token`: a fresh
 *  CSRF token when the page knows one (then the server hears about it at once). */
export function markFeedbackSeen(userId, token) {
  const notes = [...document.querySelectorAll("[data-feedback-id]")];
  const seen = load(SEEN(userId));
  const unreported = load(UNREPORTED(userId));
  for (const note of notes) {
    const id = Number(note.dataset.feedbackId);
    const mark = note.querySelector("[data-feedback-new]");
    if (seen.has(id)) {
      if (mark) mark.hidden = true;
    } else {
      seen.add(id);
      if (mark) unreported.add(id); // the server still calls it new
    }
  }
  save(SEEN(userId), seen);
  save(UNREPORTED(userId), unreported);
  return report(userId, token);
}
