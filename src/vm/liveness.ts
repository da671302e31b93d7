/**
 * Watches a ready machine: when the guest misses `threshold` pings in a row (a fork bomb, a kernel
 * panic…) the page says so and offers a reset; one answer clears the alarm.
 */
export class LivenessTracker {
  private misses = 0;
  unresponsive = false;

  constructor(readonly threshold = 3) {}

  /** Records one ping; returns the new unresponsive flag when it changed, else null. */
  record(alive: boolean): boolean | null {
    if (alive) {
      this.misses = 0;
      if (!this.unresponsive) return null;
      this.unresponsive = false;
      return false;
    }
    this.misses++;
    if (this.unresponsive || this.misses < this.threshold) return null;
    this.unresponsive = true;
    return true;
  }

  clear(): void {
    this.misses = 0;
    this.unresponsive = false;
  }
}

export interface LivenessOptions {
  isAlive(timeoutMs: number): Promise<boolean>;
  onChange(unresponsive: boolean): void;
  /** Skip pings while true (machine not ready, tab hidden, a save under way). */
  paused(): boolean;
  intervalMs?: number;
  timeoutMs?: number;
  threshold?: number;
}

/** Pings until the returned stop function is called. */
export function watchLiveness(o: LivenessOptions): () => void {
  const tracker = new LivenessTracker(o.threshold ?? 3);
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const tick = async () => {
    if (stopped) return;
    if (o.paused()) tracker.clear();
    else {
      let alive = false;
      try {
        alive = await o.isAlive(o.timeoutMs ?? 4000);
      } catch {
        alive = false;
      }
      if (stopped) return;
      // A pause that began while the ping was out (reset, save) says nothing about the guest.
      if (!o.paused()) {
        const changed = tracker.record(alive);
        if (changed !== null) o.onChange(changed);
      }
    }
    timer = setTimeout(tick, o.intervalMs ?? 5000);
  };
  timer = setTimeout(tick, o.intervalMs ?? 5000);
  return () => {
    stopped = true;
    if (timer) clearTimeout(timer);
  };
}
