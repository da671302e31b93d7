import { describe, expect, it } from "vitest";
import { CheckError, createCheckSession } from "./check-session";
import { createFakeGuest } from "./fixtures/fake-guest";
import { recordedEngine } from "./fixtures/recorded";

describe("check session", () => {
  it("asks the engine once per path during one evaluation", async () => {
    const guest = createFakeGuest({ engine: recordedEngine() });
    const s = createCheckSession({ guest, stepStartedAt: 0, events: [] });
    const [a, b] = await Promise.all([s.engineGet("/containers/json?all=1"), s.engineGet("/containers/json?all=1")]);
    expect(a).toBe(b);
    expect(guest.calls).toEqual(["GET /containers/json?all=1"]);
  });

  it("maps 404 to no body and transport errors to CheckError", async () => {
    const s = createCheckSession({ guest: createFakeGuest({ engine: {} }), stepStartedAt: 0, events: [] });
    expect(await s.engineGet("/images/nope/json")).toEqual({ status: 404, body: undefined });
    const down = createCheckSession({ guest: createFakeGuest({ engineDown: new Error("EPIPE") }), stepStartedAt: 0, events: [] });
    await expect(down.engineGet("/images/json")).rejects.toBeInstanceOf(CheckError);
    expect(await s.readText("/nope")).toBeNull();
  });
});
