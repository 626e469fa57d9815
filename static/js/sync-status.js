// Shows the outbox in plain words: "Alles is verstuurd", "2 taken wachten op internet",
// "Versturen…", "1 taak kon niet worden verstuurd", with the reason and a way to remove it.
import { plural, t } from "./text.js";

const ICONS = { done: "✓", waiting: "⏳", sending: "↻", problem: "⚠" };

export function createSyncStatus(root, { onSendNow, onRemove }) {
  const state = root.querySelector("[data-sync-state]");
  const icon = state.querySelector(".sync-icon");
  const label = state.querySelector("[data-sync-text]");
  const sendNow = root.querySelector("[data-send-now]");
  const loginAgain = root.querySelector("[data-login-again]");
  const rejectedList = root.querySelector("[data-rejected-list]");
  sendNow.addEventListener("click", onSendNow);

  function show(kind, text) {
    state.dataset.kind = kind;
    icon.textContent = ICONS[kind];
    if (label.textContent !== text) label.textContent = text;
  }

  function renderRejected(rejected, withHeading) {
    rejectedList.replaceChildren();
    rejectedList.hidden = rejected.length === 0;
    if (withHeading && rejected.length) {
      const heading = document.createElement("li");
      heading.className = "rejected-heading";
      heading.textContent = plural("failed", rejected.length);
      rejectedList.append(heading);
    }
    for (const item of rejected) {
      const row = document.createElement("li");
      const text = document.createElement("p");
      const title = document.createElement("strong");
      title.textContent = item.title || "";
      text.append(title, document.createElement("br"), item.error || t("rejected_reason"));
      const remove = document.createElement("button");
      remove.type = "button";
      remove.className = "button button-quiet";
      remove.textContent = t("remove");
      remove.addEventListener("click", () => onRemove(item));
      row.append(text, remove);
      rejectedList.append(row);
    }
  }

  /** phase: "idle" | "sending" | "login"; items: this learner's outbox items. */
  return function render(phase, items) {
    const pending = items.filter((item) => item.status === "pending");
    const rejected = items.filter((item) => item.status === "rejected");
    if (phase === "sending" && pending.length) show("sending", t("sending"));
    else if (phase === "login" && pending.length) show("problem", t("login_again"));
    else if (pending.length) show("waiting", plural("waiting", pending.length));
    else if (rejected.length) show("problem", plural("failed", rejected.length));
    else show("done", t("all_sent"));
    sendNow.hidden = !pending.length || phase === "sending";
    loginAgain.hidden = !(phase === "login" && pending.length);
    renderRejected(rejected, pending.length > 0);
  };
}
