import { describe, expect, it } from "vitest";
import { openEngineEvents } from "../vm/engine-events";
import { createFakeGuest } from "./fixtures/fake-guest";
import { events as recordedEvents, recordedEngine } from "./fixtures/recorded";
import { parseLesson } from "./parse-lesson";
import { createProgress, markPassed, nextStep, type LessonProgress } from "./progress";
import { createStepChecker, type CheckStatus } from "./step-checker";

const lesson = parseLesson(
  {
    "index.md": "---\ntitle: T\ndescription: D\n---\nintro\n",
    "01-read.md": "---\nid: read\ntitle: Read\n---\ntext\n",
    "02-pull.md": "---\nid: pull\ntitle: Pull\ncheck:\n  - image: nginx:alpine\n  - event: {type: image, action: pull}\n---\ntext\n",
    "03-run.md": "---\nid: run\ntitle: Run\ncheck:\n  container: {name: web, state: running}\n---\ntext\n",
  },
  { id: "demo" },
);
const pullEvent = recordedEvents[0]!; // image pull nginx:alpine at 1732761840

/** A checker with its owner: the progress (moved by the test, passed on a result) and the statuses it heard. */
function setup(guest = createFakeGuest({ engine: {} }), soonMs?: number[]) {
  let clock = 1732761800;
  let progress: LessonProgress = createProgress(lesson, clock);
  const statuses: CheckStatus[] = [];
  const events = openEngineEvents(guest, { since: clock, retryMs: 1 });
  const checker = createStepChecker({
    guest,
    events,
    read: () => ({ lesson, progress }),
    onStatus: (s) => {
      statuses.push(s);
      if (s.result?.ok) progress = markPassed(lesson, progress, s.stepId, clock);
    },
    now: () => clock,
    debounceMs: 1,
    ...(soonMs ? { soonMs } : {}),
  });
  return {
    guest,
    checker,
    statuses,
    events,
    progress: () => progress,
    next: () => (progress = nextStep(lesson, progress, clock)),
    tick: (s: number) => (clock += s),
  };
}
describe("step checker", () => {
  it("re-checks after engine events and reports the pass, which its owner records", async () => {
    const engine: Record<string, unknown> = {};
    const t = setup(createFakeGuest({ engine }));
    t.next();
    // The learner runs `docker pull nginx:alpine`: the image appears, then the event arrives.
    Object.assign(engine, { "GET /images/nginx:alpine/json": recordedEngine()["GET /images/nginx:alpine/json"] });
    await new Promise((r) => setTimeout(r));
    t.guest.emit(pullEvent);
    await t.checker.whenIdle();
    expect(t.statuses.map((s) => `${s.stepId}:${s.checking}:${s.result?.ok ?? "-"}`)).toEqual(["pull:true:-", "pull:false:true"]);
    expect(t.progress().steps.pull!.status).toBe("passed");
    expect(t.progress().steps.run!.status).toBe("active");
    t.checker.dispose();
    t.events.close();
  });

  it("checks again when the stream is back after its end (systemctl restart docker), replayed events counted once", async () => {
    const engine: Record<string, unknown> = {};
    const t = setup(createFakeGuest({ engine }));
    t.next();
    await new Promise((r) => setTimeout(r));
    t.guest.emit(pullEvent);
    await t.checker.whenIdle();
    expect(t.progress().steps.pull!.status).toBe("active");
    t.guest.endStreams();
    Object.assign(engine, { "GET /images/nginx:alpine/json": recordedEngine()["GET /images/nginx:alpine/json"] });
    await new Promise((r) => setTimeout(r, 20));
    t.guest.emit(pullEvent); // the new stream replays it
    await t.checker.whenIdle();
    expect(t.events.list()).toHaveLength(1);
    expect(t.progress().steps.pull!.status).toBe("passed");
    t.checker.dispose();
    t.events.close();
  });

  it("checkNow reports what is unmet, and the step stays active", async () => {
    const t = setup();
    t.next();
    const result = await t.checker.checkNow();
    expect(result?.unmet.map((u) => u.en)).toEqual(["No image nginx:alpine", "No image pull event since this step began"]);
    expect(t.progress().steps.pull!.status).toBe("active");
    expect(t.statuses.at(-1)).toMatchObject({ stepId: "pull", checking: false, result, checkedAt: 1732761800 });
    t.checker.dispose();
  });

  it("an event check counts only the events since the step began", async () => {
    const t = setup(createFakeGuest({ engine: recordedEngine() }));
    await new Promise((r) => setTimeout(r));
    t.guest.emit(pullEvent); // during the reading step
    t.tick(100); // the learner reads for a while
    t.next();
    const result = await t.checker.checkNow();
    expect(result?.unmet.map((u) => u.en)).toEqual(["No image pull event since this step began"]);
    t.checker.dispose();
  });

  it("does not check a step without check, and an engine outage is not a crash", async () => {
    const guest = createFakeGuest({ engineDown: new Error("channel closed") });
    guest.engineEvents = async () => {
      throw new Error("events unavailable");
    };
    const t = setup(guest);
    expect(await t.checker.checkNow()).toBeUndefined();
    t.next();
    expect((await t.checker.checkNow())?.unmet[0]!.en).toBe("Could not reach the Docker engine (channel closed)");
    t.checker.dispose();
    t.events.close();
  });

  it("after a command, checks a few times until the step passes or changes", async () => {
    const engine: Record<string, unknown> = {};
    const guest = createFakeGuest({ engine });
    const t = setup(guest, [5, 30, 60]);
    t.next();
    const asked = () => guest.calls.filter((c) => c === "GET /images/nginx:alpine/json").length;
    t.checker.checkSoon();
    await new Promise((r) => setTimeout(r, 15));
    expect(asked()).toBe(1);
    Object.assign(engine, { "GET /images/nginx:alpine/json": recordedEngine()["GET /images/nginx:alpine/json"] });
    t.guest.emit(pullEvent);
    await new Promise((r) => setTimeout(r, 25));
    expect(t.progress().steps.pull!.status).toBe("passed");
    const after = asked();
    await new Promise((r) => setTimeout(r, 50));
    expect(asked()).toBe(after);
    t.checker.dispose();
    t.events.close();
  });
});
