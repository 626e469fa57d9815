// Shows the outbox in plain words: "Alles is verstuurd", "2 taken wachten op internet",
// "Versturen…", "1 taak kon niet worden verstuurd", with the reason and what the learner can do.
// The icon beside the words is an SVG chosen by the state's data-kind (templates/learner/base.html).
import { plural, t } from "./text.js";

export function createSyncStatus(root, { onSendNow, onRemove, onRetryLater, onRemovePhoto }) {
  const state = root.querySelector("[data-sync-state]");
  const label = state.querySelector("[data-sync-text]");
  const sendNow = root.querySelector("[data-send-now]");
  const loginAgain = root.querySelector("[data-login-again]");
  const problemList = root.querySelector("[data-rejected-list]");
  sendNow.addEventListener("click", onSendNow);

  function show(kind, text) {
    state.dataset.kind = kind;
    if (label.textContent !== text) label.textContent = text;
  }

  function button(text, className, onClick) {
    const element = document.createElement("button");
    element.type = "button";
    element.className = className;
    element.textContent = text;
    element.addEventListener("click", onClick);
    return element;
  }

  function problemRow(item) {
    const row = document.createElement("li");
    const text = document.createElement("p");
    const title = document.createElement("strong");
    title.textContent = item.title || "";
    const reason = item.status === "stuck" ? t("stuck_reason") : item.error || t("rejected_reason");
    text.append(title, document.createElement("br"), reason);
    const actions = document.createElement("div");
    actions.className = "actions";
    if (item.status === "stuck") {
      actions.append(button(t("retry_later"), "button", () => onRetryLater(item)));
    }
    actions.append(button(t("remove"), "button button-quiet", () => onRemove(item)));
    row.append(text, actions);
    return row;
  }

  function photoRow(photo) {
    const row = document.createElement("li");
    const text = document.createElement("p");
    const title = document.createElement("strong");
    title.textContent = t("photo_problem", { task: photo.title || "" });
    text.append(title, document.createElement("br"), photo.error || t("photo_rejected_reason"));
    const actions = document.createElement("div");
    actions.className = "actions";
    actions.append(button(t("remove"), "button button-quiet", () => onRemovePhoto(photo)));
    row.append(text, actions);
    return row;
  }

  function renderProblems(problems, badPhotos, withHeading) {
    problemList.replaceChildren();
    const count = problems.length + badPhotos.length;
    problemList.hidden = count === 0;
    if (withHeading && problems.length) {
      const heading = document.createElement("li");
      heading.className = "rejected-heading";
      heading.textContent = plural("failed", problems.length);
      problemList.append(heading);
    }
    problemList.append(...problems.map(problemRow), ...badPhotos.map(photoRow));
  }

  /** What waits: "2 taken wachten op internet", and the photos apart from the tasks. */
  function waitingText(pending, photos) {
    const words = [];
    if (pending) words.push(plural("waiting", pending));
    if (photos) words.push(plural("photos_waiting", photos));
    return words.join(". ");
  }

  /** phase: "idle" | "sending" | "login"; items and photos: this learner's outbox. */
  return function render(phase, items, photos = []) {
    const pending = items.filter((item) => item.status === "pending");
    const problems = items.filter((item) => item.status === "rejected" || item.status === "stuck");
    const waitingPhotos = photos.filter((photo) => photo.status === "waiting");
    const badPhotos = photos.filter((photo) => photo.status === "rejected");
    const unsent = pending.length + waitingPhotos.length;
    if (phase === "sending" && unsent) show("sending", t("sending"));
    else if (phase === "login" && unsent) show("problem", t("login_again"));
    else if (unsent) show("waiting", waitingText(pending.length, waitingPhotos.length));
    else if (problems.length) show("problem", plural("failed", problems.length));
    else if (badPhotos.length) show("problem", t("photo_rejected_reason"));
    else show("done", t("all_sent"));
    sendNow.hidden = !unsent || phase === "sending";
    loginAgain.hidden = !(phase === "login" && unsent);
    renderProblems(problems, badPhotos, unsent > 0);
  };
}
