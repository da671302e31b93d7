/**
 * Registers the offline service worker (dist/sw.js) in production builds; `npm run dev` never does.
 * Resolves once the worker controls the page (or after a time limit, or at once when service workers are
 * unavailable), so that the VM's first download already goes through it and is cached for the next visit.
 */
export async function startOfflineWorker(timeoutMs = 15_000): Promise<void> {
  if (!import.meta.env.PROD || typeof navigator === "undefined" || !("serviceWorker" in navigator)) return;
  const sw = navigator.serviceWorker;
  // the whole wait has one time limit: a browser that blocks service workers may never settle register()
  let timer: ReturnType<typeof setTimeout> | undefined;
  const limit = new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs)));
  const control = (async () => {
    try {
      await sw.register("./sw.js", { scope: "./" });
    } catch (e) {
      console.warn("offline cache unavailable:", e);
      return;
    }
    if (sw.controller) return;
    await new Promise<void>((resolve) => sw.addEventListener("controllerchange", () => resolve(), { once: true }));
  })();
  await Promise.race([control, limit]);
  clearTimeout(timer);
}
