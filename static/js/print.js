// "Printen" buttons (the overview as evidence, the QR log-in cards): a module instead of an
// inline onclick, so the pages work under a Content-Security-Policy without inline script.
for (const button of document.querySelectorAll("[data-print]")) {
  button.addEventListener("click", () => window.print());
}
