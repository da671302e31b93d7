import { describe, expect, it } from "vitest";
import { createFakeGuest } from "./fixtures/fake-guest";
import { events, recordedEngine } from "./fixtures/recorded";
import { openEngineEvents } from "../vm/engine-events";
import { createLessonRuntime } from "./lesson-runtime";
import { parseLesson } from "./parse-lesson";

const lesson = parseLesson(
  {
    "index.md": "---\ntitle: T\ndescription: D\n---\nintro\n",
    "01-read.md": "---\nid: read\ntitle: Read\n---\ntext\n",
    "02-pull.md": "---\nid: pull\ntitle: Pull\ncheck:\n  - image: nginx:alpine\n  - event: {type: image, action: pull}\n---\ntext\n",
    "03-run.md": "---\nid: run\ntitle: Run\ncheck:\n  container: {name: web, state: running}\n---\ntext\n",
  },
  { id: "demo" },
);
const pullEvent = events[0]!; // image pull nginx:alpine at 1732761840

function setup() {
  const routes: Record<string, unknown> = {};
  const guest = createFakeGuest({ engine: routes });
  let clock = 1732761800;
  const events = openEngineEvents(guest, { since: clock, retryMs: 1 });
  const runtime = createLessonRuntime({ lesson, guest, events, now: () => clock, debounceMs: 1 });
  return { routes, guest, runtime, tick: (s: number) => (clock += s) };
}

describe("lesson runtime", () => {
  it("follows the machine's engine events", async () => {
    const { guest, runtime } = setup();
    await runtime.start();
    expect(guest.subscriptions).toEqual(["since=1732761800"]);
    expect(runtime.getState().eventsConnected).toBe(true);
    runtime.dispose();
  });

  it("re-checks after engine events and passes the step once the engine agrees", async () => {
    const { routes, guest, runtime } = setup();
    const seen: string[] = [];
    runtime.subscribe((s) => seen.push(`${s.progress.currentStepId}:${s.progress.steps.pull!.status}:${s.check.result?.ok ?? "-"}`));
    await runtime.start();
    runtime.next();
    expect(runtime.getState().progress.currentStepId).toBe("pull");

    // The learner runs `docker pull nginx:alpine`: the image appears, then the event arrives.
    Object.assign(routes, { "GET /images/nginx:alpine/json": recordedEngine()["GET /images/nginx:alpine/json"] });
    guest.emit(pullEvent);
    await runtime.whenIdle();

    const state = runtime.getState();
    expect(state.check.result).toEqual({ ok: true, unmet: [] });
    expect(state.progress.steps.pull!.status).toBe("passed");
    expect(state.progress.steps.run!.status).toBe("active");
    expect(seen).toContain("pull:passed:true");
    runtime.dispose();
  });

  it("follows the stream across its end (systemctl restart docker), replayed events counted once", async () => {
    const { routes, guest, runtime } = setup();
    await runtime.start();
    runtime.next();
    guest.emit(pullEvent);
    guest.endStreams();
    expect(runtime.getState().eventsConnected).toBe(false);
    await new Promise((r) => setTimeout(r, 20));
    expect(guest.subscriptions).toEqual(["since=1732761800", "since=1732761840"]);
    expect(runtime.getState().eventsConnected).toBe(true);
    guest.emit(pullEvent); // the new stream replays it
    Object.assign(routes, { "GET /images/nginx:alpine/json": recordedEngine()["GET /images/nginx:alpine/json"] });
    await runtime.checkNow();
    expect(runtime.getState().progress.steps.pull!.status).toBe("passed");
    runtime.dispose();
  });

  it("checkNow reports what is unmet and keeps the step active", async () => {
    const { runtime } = setup();
    runtime.next();
    const result = await runtime.checkNow();
    expect(result?.ok).toBe(false);
    expect(result?.unmet.map((u) => u.en)).toEqual(["No image nginx:alpine", "No image pull event since this step began"]);
    expect(runtime.getState().progress.steps.pull!.status).toBe("active");
    expect(runtime.getState().check).toMatchObject({ stepId: "pull", checking: false, result });
  });

  it("forgets events from before a step began", async () => {
    const { routes, guest, runtime, tick } = setup();
    await runtime.start();
    guest.emit(pullEvent); // during the reading step
    await runtime.whenIdle();
    tick(100); // the learner reads for a while
    runtime.next();
    Object.assign(routes, recordedEngine());
    const result = await runtime.checkNow();
    expect(result?.unmet.map((u) => u.en)).toEqual(["No image pull event since this step began"]);
  });

  it("does not check a step without check, and an engine outage is not a crash", async () => {
    const guest = createFakeGuest({ engineDown: new Error("channel closed") });
    guest.engineEvents = async () => {
      throw new Error("events unavailable");
    };
    const events = openEngineEvents(guest, { since: 1 });
    const runtime = createLessonRuntime({ lesson, guest, events, now: () => 1, debounceMs: 1 });
    await runtime.start();
    expect(runtime.getState()).toMatchObject({ eventsConnected: false });
    events.close();
    expect(await runtime.checkNow()).toBeUndefined();
    runtime.next();
    expect((await runtime.checkNow())?.unmet[0]!.en).toBe("Could not reach the Docker engine (channel closed)");
  });

  it("resumes saved progress", async () => {
    const { runtime } = setup();
    runtime.next();
    const saved = JSON.parse(JSON.stringify(runtime.getState().progress));
    const guest = createFakeGuest();
    const again = createLessonRuntime({ lesson, guest, events: openEngineEvents(guest, { since: 0 }), saved, now: () => 1732769999 });
    expect(again.getState().progress).toEqual(saved);
  });
});
