// Leaving a card with text that is not saved asks first (the browser's own "Leave site?"
// dialog): a half-written text must not vanish with one tap on "← package" or the back button.
// Saving is not leaving; nor is publishing, which publishes what was saved (with unsaved text
// in the form the browser asks too, and rightly: that text would not be in the new version).
for (const form of document.querySelectorAll("form[data-unsaved-warning]")) {
  let changed = false;
  const mark = () => { changed = true; };
  form.addEventListener("input", mark);
  form.addEventListener("change", mark);
  form.addEventListener("submit", () => { changed = false; });
  window.addEventListener("beforeunload", (event) => {
    if (!changed) return;
    event.preventDefault();
    event.returnValue = ""; // older browsers show the dialog only when this is set
  });
}
