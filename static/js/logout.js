// Logging out on a learner's (or supervisor's) phone: never drops unsent tasks silently, and leaves nothing of the
// learner behind once the logout went through. Messages stay in the menu beside the button until
// the learner closes it: the sync bar below changes by itself and would hide them.
import { clearOfflineContent, haltDownload } from "./offline-content.js";
import "./outbox-core.js";
import { plural, t } from "./text.js";

const outbox = self.LeerplekOutbox; // outbox-core.js is shared with the service worker

async function clearUserData(userId, clearPages) {
  for (const item of await outbox.items(userId).catch(() => [])) await outbox.remove(item.id);
  // Photos of tasks sent before: nothing of the learner may stay on a shared phone.
  for (const photo of await outbox.photos(userId).catch(() => [])) await outbox.removePhoto(photo.key);
  await clearPages();
  localStorage.removeItem(`leerplek-easy-${userId}`);
  localStorage.removeItem(`leerplek-feedback-seen-${userId}`);
  localStorage.removeItem(`leerplek-feedback-unreported-${userId}`);
}

async function logOut(form, userId, say, pages) {
  await pages.halt();
  try {
    // The token in a page from the cache may have expired: always ask for a fresh one.
    const tokenResponse = await fetch("/api/v1/csrf", { credentials: "same-origin", cache: "no-store" });
    const data = new FormData(form);
    if (tokenResponse.ok) data.set("csrf_token", (await tokenResponse.json()).csrf_token);
    // Not following the redirect leaves the "logged out" message for the log-in page below.
    const response = await fetch(form.action, {
      method: "POST", body: data, credentials: "same-origin", redirect: "manual",
    });
    const done = response.ok || response.type === "opaqueredirect";
    if (!done && tokenResponse.ok) throw new Error(`logout answered ${response.status}`);
  } catch (error) {
    say(t("logout_offline"));
    return;
  }
  await clearUserData(userId, pages.clear);
  window.location.assign("/login");
}

/** `pages`: how to stop and remove the pages kept on the phone (the learner's lessons by default,
 *  the supervisor's group from supervisor.js). */
export function guardLogout(userId, flush, pages = { halt: haltDownload, clear: clearOfflineContent }) {
  // Two forms in the menu: "Uitloggen" (this phone) and "Overal uitloggen" (every device).
  const forms = [...document.querySelectorAll("form[data-logout]")];
  const dialog = document.querySelector("[data-logout-dialog]");
  const message = document.querySelector("[data-logout-message]");
  const menu = forms[0]?.closest("details");
  if (!forms.length || !dialog || !message) return;
  let chosenForm = forms[0]; // the form the learner used, sent after "Toch uitloggen"
  const say = (text) => {
    message.textContent = text;
    message.hidden = false;
  };
  menu?.addEventListener("toggle", () => {
    if (!menu.open) message.hidden = true;
  });
  for (const form of forms) {
    const button = form.querySelector('button[type="submit"]');
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      if (!navigator.onLine) {
        say(t("logout_offline"));
        return;
      }
      chosenForm = form;
      button.disabled = true; // sending what waits first may take a while on a slow link
      try {
        await guardedLogOut();
      } finally {
        button.disabled = false;
      }
    });
  }

  async function guardedLogOut() {
    await flush();
    const all = await outbox.items(userId).catch(() => []);
    const unsent = all.filter((item) => outbox.UNSENT.has(item.status));
    const photos = outbox.waitingPhotos(await outbox.photos(userId).catch(() => []), all);
    if (!unsent.length && !photos.length) {
      await logOut(chosenForm, userId, say, pages);
      return;
    }
    const words = [];
    if (unsent.length) words.push(plural("logout_unsent", unsent.length));
    if (photos.length) words.push(plural("logout_unsent_photos", photos.length));
    dialog.querySelector("[data-logout-text]").textContent = words.join(" ");
    dialog.hidden = false;
    dialog.querySelector("[data-logout-stay]").focus();
  }
  dialog.querySelector("[data-logout-stay]").addEventListener("click", () => { dialog.hidden = true; });
  dialog.querySelector("[data-logout-anyway]").addEventListener("click", async () => {
    dialog.hidden = true;
    await logOut(chosenForm, userId, say, pages);
  });
}
