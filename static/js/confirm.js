// Asks first before an action that cannot be undone with one more tap: every form with a
// data-confirm text (removing a package, new log-in cards for everyone, withdrawing a sign-off).
// The words are the page's own, translated on the server. Without scripts the action goes
// through without asking, as any form does.
for (const form of document.querySelectorAll("form[data-confirm]")) {
  form.addEventListener("submit", (event) => {
    if (!window.confirm(form.dataset.confirm)) event.preventDefault();
  });
}
