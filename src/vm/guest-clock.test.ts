import { describe, expect, it } from "vitest";
import type { GuestApi, GuestExecResult } from "./guest-api";
import { syncGuestClock } from "./guest-clock";

function clockGuest(guestNowS: () => number) {
  const calls: string[][] = [];
  const result = (out: string): GuestExecResult => ({ code: 0, out, err: "", stdout: new Uint8Array(), stderr: new Uint8Array() });
  const g = {
    exec: async (argv: string[]) => {
      calls.push(argv);
      return result(argv[1] === "+%s.%N" ? guestNowS().toFixed(9) : "");
    },
  } as unknown as GuestApi;
  return { g, calls };
}

describe("guest clock", () => {
  it("leaves a clock within a second alone", async () => {
    const { g, calls } = clockGuest(() => 1000.4);
    const r = await syncGuestClock(g, () => 1_000_000);
    expect(r.corrected).toBe(false);
    expect(r.skew).toBeCloseTo(0.4);
    expect(calls.length).toBe(1);
  });

  it("sets a clock that is behind to the page's time", async () => {
    let t = 1_000_000;
    const { g, calls } = clockGuest(() => 997.5);
    const r = await syncGuestClock(g, () => (t += 100));
    expect(r.skew).toBeCloseTo(997.5 - 1000.15);
    expect(r.corrected).toBe(true);
    expect(calls[1]).toEqual(["date", "-u", "-s", "@1000.350"]);
  });
});
