// Registers the service worker and tells the page when a new version waits.
// The new version takes over only when the learner taps "Vernieuwen", then the page reloads
// once, so an open page never runs with a mix of old and new files.

export async function registerServiceWorker(onUpdateWaiting) {
  if (!("serviceWorker" in navigator)) return null;
  let registration;
  try {
    registration = await navigator.serviceWorker.register("/sw.js", { scope: "/" });
  } catch (error) {
    return null; // e.g. private mode; the app still works online
  }
  let reloadAsked = false;
  const offer = (worker) => {
    onUpdateWaiting(() => {
      reloadAsked = true;
      worker.postMessage({ type: "SKIP_WAITING" });
    });
  };
  if (registration.waiting && navigator.serviceWorker.controller) offer(registration.waiting);
  registration.addEventListener("updatefound", () => {
    const worker = registration.installing;
    if (!worker) return;
    worker.addEventListener("statechange", () => {
      // With no controller yet this is the first install: clients.claim() takes over silently.
      if (worker.state === "installed" && navigator.serviceWorker.controller) offer(worker);
    });
  });
  navigator.serviceWorker.addEventListener("controllerchange", () => {
    if (reloadAsked) window.location.reload();
  });
  // The offline page is to speak the language of these pages.
  navigator.serviceWorker.ready.then((ready) => ready.active?.postMessage({ type: "LANGUAGE", lang: document.documentElement.lang }));
  return registration;
}

/** An onUpdateWaiting that shows the sync bar's "Er is een nieuwe versie" banner. */
export function updateBanner(bar) {
  return (apply) => {
    const banner = bar.querySelector("[data-update-banner]");
    banner.hidden = false;
    banner.querySelector("[data-reload]").addEventListener("click", apply, { once: true });
  };
}
