import { afterEach, describe, expect, it, vi } from "vitest";
import { LivenessTracker, watchLiveness } from "./liveness";

describe("liveness", () => {
  it("raises the alarm after three misses in a row and clears it on an answer", () => {
    const t = new LivenessTracker(3);
    expect(t.record(false)).toBeNull();
    expect(t.record(true)).toBeNull();
    expect(t.record(false)).toBeNull();
    expect(t.record(false)).toBeNull();
    expect(t.record(false)).toBe(true);
    expect(t.record(false)).toBeNull();
    expect(t.record(true)).toBe(false);
  });

  afterEach(() => vi.useRealTimers());

  it("pings on an interval, not while paused", async () => {
    vi.useFakeTimers();
    let alive = false;
    let paused = true;
    let pings = 0;
    const changes: boolean[] = [];
    const stop = watchLiveness({
      isAlive: async () => (pings++, alive),
      onChange: (u) => changes.push(u),
      paused: () => paused,
      intervalMs: 1000,
      threshold: 2,
    });
    await vi.advanceTimersByTimeAsync(3000);
    expect(pings).toBe(0);
    paused = false;
    await vi.advanceTimersByTimeAsync(2000);
    expect(changes).toEqual([true]);
    alive = true;
    await vi.advanceTimersByTimeAsync(1000);
    expect(changes).toEqual([true, false]);
    stop();
    await vi.advanceTimersByTimeAsync(5000);
    expect(pings).toBe(3);
  });
});
