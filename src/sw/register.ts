/**
 * Registers the offline service worker (dist/sw.js) in production builds; `npm run dev` never does.
 * Resolves once the worker controls the page (or after a time limit, or at once when service workers are
 * unavailable), so that the VM's first download already goes through it and is cached for the next visit.
 */
export async function startOfflineWorker(timeoutMs = 15_000): Promise<void> {
  if (!import.meta.env.PROD || typeof navigator === "undefined" || !("serviceWorker" in navigator)) return;
  const sw = navigator.serviceWorker;
  try {
    await sw.register("./sw.js", { scope: "./" });
  } catch (e) {
    console.warn("offline cache unavailable:", e);
    return;
  }
  if (sw.controller) return;
  await new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, timeoutMs);
    sw.addEventListener("controllerchange", () => {
      clearTimeout(timer);
      resolve();
    }, { once: true });
  });
}
