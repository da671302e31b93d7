import { describe, expect, it } from "vitest";
import type { GuestApi, GuestExecResult } from "./guest-api";
import { startWarmUp, WARM_UP_PROGRAM } from "./warm-up";

const result = (code: number): GuestExecResult => ({ code, stdout: new Uint8Array(), stderr: new Uint8Array(), out: "", err: "" });

/** A guest whose exec resolves when told to, or at once with exit -1 when its signal aborts (as the agent kills it). */
function fakeGuest() {
  const calls: string[][] = [];
  let finish: (code: number) => void = () => {};
  const guest = {
    exec: (argv: string[], opts?: { signal?: AbortSignal }) => {
      calls.push(argv);
      return new Promise<GuestExecResult>((resolve) => {
        finish = (code) => resolve(result(code));
        opts?.signal?.addEventListener("abort", () => resolve(result(-1)));
      });
    },
  } as unknown as GuestApi;
  return { guest, calls, finish: (code: number) => finish(code) };
}

describe("warm-up", () => {
  it("runs the guest's warm-up program and reports when it is done", async () => {
    const g = fakeGuest();
    const w = startWarmUp(g.guest);
    expect(g.calls).toEqual([[WARM_UP_PROGRAM]]);
    g.finish(0);
    expect(await w.finished).toBe("done");
    expect(performance.getEntriesByName("vm-warm-up:done")).toHaveLength(1);
  });

  it("stops the guest program when stopped (the learner pressed Enter)", async () => {
    const g = fakeGuest();
    const w = startWarmUp(g.guest);
    w.stop();
    w.stop();
    expect(await w.finished).toBe("stopped");
  });

  it("reports a failure (e.g. an older VM without the program) without throwing", async () => {
    const g = fakeGuest();
    const w = startWarmUp(g.guest);
    g.finish(127);
    expect(await w.finished).toBe("failed");
  });
});
