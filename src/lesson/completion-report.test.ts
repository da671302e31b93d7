import { describe, expect, it } from "vitest";
import { completionReport, formatDuration, reportFileName } from "./completion-report";
import type { Lesson, Step } from "./lesson-types";
import { parseCheck } from "./parse-check";
import { createProgress, markPassed, nextStep, noteRun, revealHint } from "./progress";

const text = { markdown: "", blocks: [] };
const step = (id: string, hints: number): Step => ({
  id,
  file: `${id}.md`,
  title: { zh: `步骤 ${id}`, en: `step ${id}` },
  setup: [],
  check: parseCheck({ image: "nginx:alpine" }),
  hints: { zh: Array.from({ length: hints }, () => "提示"), en: Array.from({ length: hints }, () => "hint") },
  solution: [],
  body: { zh: text, en: text },
});
const lesson: Lesson = {
  id: "demo",
  title: { zh: "示例", en: "Demo" },
  description: { zh: "", en: "" },
  intro: { zh: text, en: text },
  steps: [step("a", 2), step("b", 0)],
};

describe("completion report", () => {
  it("lists every step with its pass time, hints opened and Run used; total time from the first start to now", () => {
    let p = createProgress(lesson, 1000);
    p = revealHint(lesson, noteRun(lesson, noteRun(lesson, p)));
    p = nextStep(lesson, markPassed(lesson, p, "a", 1060), 1061);
    const r = completionReport(lesson, p, 1100, undefined);
    expect(r.lesson).toEqual({ id: "demo", title: { zh: "示例", en: "Demo" } });
    expect(r.complete).toBe(false);
    expect(r.passedSteps).toBe(1);
    expect(r.totalSeconds).toBe(100);
    expect(r.steps[0]).toEqual({
      id: "a",
      title: { zh: "步骤 a", en: "step a" },
      status: "passed",
      passedAt: "1970-01-01T00:17:40.000Z",
      hintsOpened: 1,
      hintsAvailable: 2,
      runUsed: 2,
    });
    expect(r.steps[1]).toMatchObject({ id: "b", status: "active", passedAt: null, hintsOpened: 0, runUsed: 0 });
  });

  it("ends the total time at the last pass once complete, and names the URL of a lesson from one", () => {
    let p = createProgress(lesson, 1000);
    p = nextStep(lesson, markPassed(lesson, p, "a", 1030), 1031);
    p = markPassed(lesson, p, "b", 1200);
    const r = completionReport(lesson, p, 5000, "https://t.example/labs/net/");
    expect(r.complete).toBe(true);
    expect(r.totalSeconds).toBe(200);
    expect(r.lesson.url).toBe("https://t.example/labs/net/");
    expect(JSON.parse(JSON.stringify(r))).toEqual(r);
    expect(reportFileName(r)).toBe("report-t.example-labs-net-1970-01-01.json");
  });

  it("formats durations", () => {
    expect(formatDuration(65)).toBe("1:05");
    expect(formatDuration(3725)).toBe("1:02:05");
  });
});
