import { describe, expect, it } from "vitest";
import { parseCheck } from "./parse-check";
import type { Lesson, Step } from "./lesson-types";
import {
  canGoNext,
  createProgress,
  enterStep,
  goToStep,
  isComplete,
  markPassed,
  nextStep,
  noteRun,
  restartStep,
  restoreProgress,
  revealHint,
  stepStatus,
} from "./progress";

const text = { markdown: "", blocks: [] };
const step = (id: string, checked: boolean, hints = 0): Step => ({
  id,
  file: `${id}.md`,
  title: { zh: id, en: id },
  setup: [],
  hints: { zh: Array.from({ length: hints }, (_, i) => `提示 ${i}`), en: Array.from({ length: hints }, (_, i) => `hint ${i}`) },
  solution: [],
  body: { zh: text, en: text },
  ...(checked ? { check: parseCheck({ image: "nginx:alpine" }) } : {}),
});
const lesson: Lesson = {
  id: "demo",
  title: { zh: "", en: "" },
  description: { zh: "", en: "" },
  intro: { zh: text, en: text },
  steps: [step("read", false), step("pull", true, 2), step("run", true), step("end", false)],
};

describe("progress", () => {
  it("starts on the first step, the rest locked", () => {
    const p = createProgress(lesson, 100);
    expect(p).toEqual({
      version: 1,
      lessonId: "demo",
      currentStepId: "read",
      steps: {
        read: { status: "active", startedAt: 100, hintsShown: 0 },
        pull: { status: "locked", hintsShown: 0 },
        run: { status: "locked", hintsShown: 0 },
        end: { status: "locked", hintsShown: 0 },
      },
    });
  });

  it("next passes a step without check and starts the following one", () => {
    const p = nextStep(lesson, createProgress(lesson, 100), 110);
    expect(p.currentStepId).toBe("pull");
    expect(p.steps.read).toEqual({ status: "passed", startedAt: 100, passedAt: 110, hintsShown: 0 });
    expect(p.steps.pull).toEqual({ status: "active", startedAt: 110, hintsShown: 0 });
  });

  it("a checked step blocks next until it is passed; passing unlocks the next step", () => {
    let p = nextStep(lesson, createProgress(lesson, 100), 110);
    expect(canGoNext(lesson, p)).toBe(false);
    expect(nextStep(lesson, p, 120)).toBe(p);
    p = markPassed(lesson, p, "pull", 130);
    expect(stepStatus(p, "run")).toBe("active");
    expect(canGoNext(lesson, p)).toBe(true);
    p = nextStep(lesson, p, 140);
    expect(p.currentStepId).toBe("run");
    expect(p.steps.run!.startedAt).toBe(140);
  });

  it("a passed step stays passed, and going back does not restart it", () => {
    let p = markPassed(lesson, nextStep(lesson, createProgress(lesson, 100), 110), "pull", 130);
    p = nextStep(lesson, p, 140);
    expect(markPassed(lesson, p, "pull", 999)).toBe(p);
    p = goToStep(lesson, p, "pull", 150);
    expect(p.currentStepId).toBe("pull");
    expect(p.steps.pull).toEqual({ status: "passed", startedAt: 110, passedAt: 130, hintsShown: 0 });
    expect(goToStep(lesson, p, "end", 160)).toBe(p); // locked
  });

  it("enterStep unlocks and restarts a step; restartStep moves its start time", () => {
    let p = enterStep(lesson, createProgress(lesson, 100), "run", 200);
    expect(p.currentStepId).toBe("run");
    expect(p.steps.run).toEqual({ status: "active", startedAt: 200, hintsShown: 0 });
    expect(stepStatus(p, "pull")).toBe("locked");
    p = restartStep(lesson, p, 250);
    expect(p.steps.run!.startedAt).toBe(250);
  });

  it("reveals hints one at a time, up to the number the step has", () => {
    let p = nextStep(lesson, createProgress(lesson, 100), 110);
    p = revealHint(lesson, revealHint(lesson, revealHint(lesson, p)));
    expect(p.steps.pull!.hintsShown).toBe(2);
  });

  it("counts the Run buttons used in the current step, and keeps the count across JSON", () => {
    let p = nextStep(lesson, createProgress(lesson, 100), 110);
    p = noteRun(lesson, noteRun(lesson, p));
    expect(p.steps.pull!.runsUsed).toBe(2);
    expect(p.steps.read!.runsUsed).toBeUndefined();
    expect(restoreProgress(lesson, JSON.parse(JSON.stringify(p)), 200).steps.pull!.runsUsed).toBe(2);
  });

  it("completes when the last step (without check) is read", () => {
    let p = createProgress(lesson, 0);
    for (const id of ["read", "pull", "run"]) p = nextStep(lesson, markPassed(lesson, p, id, 1), 2);
    expect(p.currentStepId).toBe("end");
    expect(isComplete(lesson, p)).toBe(false);
    p = nextStep(lesson, p, 3);
    expect(isComplete(lesson, p)).toBe(true);
  });

  it("survives JSON and fits a changed lesson", () => {
    const saved = JSON.parse(JSON.stringify(markPassed(lesson, nextStep(lesson, createProgress(lesson, 100), 110), "pull", 130)));
    expect(restoreProgress(lesson, saved, 500)).toEqual(saved);
    const changed: Lesson = { ...lesson, steps: [lesson.steps[0]!, lesson.steps[1]!, step("new", true), lesson.steps[2]!] };
    const r = restoreProgress(changed, saved, 500);
    expect(Object.keys(r.steps)).toEqual(["read", "pull", "new", "run"]);
    expect(r.steps.new!.status).toBe("active");
    expect(r.steps.run!.status).toBe("active"); // was unlocked before
    expect(restoreProgress(lesson, { junk: true }, 7)).toEqual(createProgress(lesson, 7));
    expect(restoreProgress(lesson, { ...saved, lessonId: "other" }, 7)).toEqual(createProgress(lesson, 7));
  });
});
