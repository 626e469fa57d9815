// Logging out on a learner's phone: never drops unsent tasks silently, and leaves nothing of the
// learner behind once the logout went through.
import { clearOfflineContent } from "./offline-content.js";
import { outbox } from "./outbox.js";
import { plural, t } from "./text.js";

async function clearLearnerData(userId) {
  for (const item of await outbox.items(userId)) await outbox.remove(item.id);
  await clearOfflineContent();
  localStorage.removeItem(`leerplek-easy-${userId}`);
}

async function logOut(form, userId, showProblem) {
  try {
    // The token in a page from the cache may have expired: always ask for a fresh one.
    const tokenResponse = await fetch("/api/v1/csrf", { credentials: "same-origin", cache: "no-store" });
    const data = new FormData(form);
    if (tokenResponse.ok) data.set("csrf_token", (await tokenResponse.json()).csrf_token);
    const response = await fetch(form.action, { method: "POST", body: data, credentials: "same-origin" });
    if (!response.ok && tokenResponse.ok) throw new Error(`logout answered ${response.status}`);
  } catch (error) {
    showProblem(t("logout_offline"));
    return;
  }
  await clearLearnerData(userId);
  window.location.assign("/login");
}

export function guardLogout(userId, flush, showProblem) {
  const form = document.querySelector('form[action="/logout"]');
  const dialog = document.querySelector("[data-logout-dialog]");
  if (!form || !dialog) return;
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (!navigator.onLine) {
      showProblem(t("logout_offline"));
      return;
    }
    await flush();
    const unsent = (await outbox.items(userId)).filter((item) => item.status === "pending");
    if (!unsent.length) {
      await logOut(form, userId, showProblem);
      return;
    }
    dialog.querySelector("[data-logout-text]").textContent = plural("logout_unsent", unsent.length);
    dialog.hidden = false;
    dialog.querySelector("[data-logout-stay]").focus();
  });
  dialog.querySelector("[data-logout-stay]").addEventListener("click", () => { dialog.hidden = true; });
  dialog.querySelector("[data-logout-anyway]").addEventListener("click", async () => {
    dialog.hidden = true;
    await logOut(form, userId, showProblem);
  });
}
