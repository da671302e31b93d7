import type { GuestApi } from "./guest-api";

/** The guest program that runs the engine's hot paths once (vm/rootfs/usr/local/sbin/sandbox-warm). */
export const WARM_UP_PROGRAM = "/usr/local/sbin/sandbox-warm";

export interface WarmUp {
  /** Stops the warm-up now (the learner pressed Enter, or the machine goes away). Idempotent. */
  stop(): void;
  /** Resolves when the warm-up finished or was stopped: "done", "stopped" or "failed". */
  readonly finished: Promise<"done" | "stopped" | "failed">;
}

/**
 * After a restore the emulator has no compiled code: the first commands run interpreted while its JIT and the
 * browser's compiler catch up (docs/performance.md §10). This runs the engine's hot paths once in the background
 * while the learner reads, invisibly to Docker clients, and gives the CPU back the moment the learner needs it.
 * Its duration goes to the page's performance timeline as "vm-warm-up" (benchmarks read it).
 */
export function startWarmUp(guest: GuestApi, timeoutMs = 180_000): WarmUp {
  const abort = new AbortController();
  const start = performance.now();
  const finished = guest
    .exec([WARM_UP_PROGRAM], { timeoutMs, signal: abort.signal })
    .then((r) => (abort.signal.aborted ? "stopped" : r.code === 0 ? "done" : "failed") as "done" | "stopped" | "failed")
    .catch(() => (abort.signal.aborted ? "stopped" : "failed") as "stopped" | "failed")
    .then((outcome) => {
      performance.measure(`vm-warm-up:${outcome}`, { start, end: performance.now() });
      return outcome;
    });
  return { stop: () => abort.abort(), finished };
}
