import { describe, expect, it } from "vitest";
import { createFakeGuest } from "../lesson/fixtures/fake-guest";
import { openEngineEvents } from "./engine-events";
import type { DockerEvent } from "./guest-api";

const ev = (sec: number, action = "start", id = "c1"): DockerEvent => ({
  Type: "container",
  Action: action,
  Actor: { ID: id, Attributes: {} },
  time: sec,
  timeNano: sec * 1e9,
});
const tick = (ms = 0) => new Promise((r) => setTimeout(r, ms));

describe("engine events", () => {
  it("subscribes once from the given time and hands every event to each listener, once", async () => {
    const guest = createFakeGuest();
    const events = openEngineEvents(guest, { since: 1700000000.7 });
    const a: string[] = [];
    const b: string[] = [];
    events.onEvent((e) => a.push(e.Action));
    events.onEvent((e) => b.push(e.Action));
    await tick();
    expect(guest.subscriptions).toEqual(["since=1700000000"]);
    expect(events.connected()).toBe(true);
    guest.emit(ev(1700000001, "create"));
    guest.emit(ev(1700000002, "start"));
    guest.emit(ev(1700000002, "start")); // the same event twice
    expect(a).toEqual(["create", "start"]);
    expect(b).toEqual(a);
    expect(events.list().map((e) => e.Action)).toEqual(["create", "start"]);
    events.close();
  });

  it("subscribes again from the last event when the stream ends (systemctl restart docker); replays count once", async () => {
    const guest = createFakeGuest();
    const events = openEngineEvents(guest, { since: 100, retryMs: 1 });
    const changes: boolean[] = [];
    events.onConnectedChange((c) => changes.push(c));
    await tick();
    guest.emit(ev(105, "pull", "nginx:alpine"));
    guest.endStreams();
    expect(events.connected()).toBe(false);
    await tick(20);
    expect(guest.subscriptions).toEqual(["since=100", "since=105"]);
    expect(changes).toEqual([true, false, true]);
    guest.emit(ev(105, "pull", "nginx:alpine")); // replayed by the new stream
    guest.emit(ev(106, "die"));
    expect(events.list().map((e) => e.Action)).toEqual(["pull", "die"]);
    events.close();
  });

  it("keeps trying while the engine does not answer, waiting longer each time, and says why", async () => {
    const guest = createFakeGuest();
    let fails = 3;
    const subscribe = guest.engineEvents.bind(guest);
    guest.engineEvents = async (q, onEvent, onEnd) => {
      if (fails-- > 0) throw new Error("connection refused");
      return subscribe(q, onEvent, onEnd);
    };
    const events = openEngineEvents(guest, { since: 1, retryMs: 2, maxRetryMs: 4 });
    const errors: (string | undefined)[] = [];
    events.onConnectedChange((c, error) => errors.push(c ? "connected" : error));
    await tick(60);
    expect(errors).toEqual(["connection refused", "connection refused", "connection refused", "connected"]);
    events.close();
  });

  it("keeps the newest events only, and stops for good when closed", async () => {
    const guest = createFakeGuest();
    const events = openEngineEvents(guest, { since: 0, keep: 2, retryMs: 1 });
    await tick();
    for (const s of [1, 2, 3]) guest.emit(ev(s));
    expect(events.list().map((e) => e.time)).toEqual([2, 3]);
    events.close();
    guest.emit(ev(4));
    guest.endStreams();
    await tick(10);
    expect(events.list().map((e) => e.time)).toEqual([2, 3]);
    expect(guest.subscriptions).toHaveLength(1);
  });
});
