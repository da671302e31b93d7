import type { GuestApi } from "./guest-api";

/**
 * Keeps the guest's clock on the page's: lesson checks compare guest timestamps (shell history,
 * engine events) with the page's step start. The restore sets the clock once, late by the exec's
 * latency, and the emulated clock loses time when the host is busy. Measured, measured again.
 */
export interface ClockSample {
  /** Guest minus page, seconds (negative: the guest is behind). */
  skew: number;
  corrected: boolean;
}

export async function syncGuestClock(guest: GuestApi, now: () => number = () => Date.now(), toleranceS = 1): Promise<ClockSample> {
  const t0 = now();
  const r = await guest.exec(["date", "+%s.%N"], { timeoutMs: 15_000 });
  const t1 = now();
  const guestS = Number.parseFloat(r.out.trim());
  if (r.code !== 0 || !Number.isFinite(guestS)) throw new Error(`cannot read the guest clock: ${r.err.trim() || r.out.trim()}`);
  const skew = guestS - (t0 + t1) / 2000;
  if (Math.abs(skew) <= toleranceS) return { skew, corrected: false };
  // The new time lands about half a round trip after we send it.
  const target = (now() + (t1 - t0) / 2) / 1000;
  const set = await guest.exec(["date", "-u", "-s", `@${target.toFixed(3)}`], { timeoutMs: 15_000 });
  return { skew, corrected: set.code === 0 };
}

/** Re-syncs now and every `everyMs` while `active()`; returns a stop function. */
export function keepGuestClock(guest: GuestApi, active: () => boolean, everyMs = 60_000): () => void {
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const tick = async () => {
    if (stopped) return;
    if (active()) await syncGuestClock(guest).catch(() => undefined);
    if (!stopped) timer = setTimeout(tick, everyMs);
  };
  void tick();
  return () => {
    stopped = true;
    if (timer) clearTimeout(timer);
  };
}
