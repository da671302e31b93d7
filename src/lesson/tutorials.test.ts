import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { bundledLessonFiles } from "./bundled-lessons";
import { formatProblem } from "./lesson-problem";
import { parseLesson } from "./parse-lesson";
import { readLessonFolder } from "./read-lesson-folder";
import { flatten, validateLesson } from "./validate-lesson";

const tutorials = fileURLToPath(new URL("../../tutorials/", import.meta.url));

for (const id of ["example-hello", "docker-core-elements", "networks-volumes"]) {
  const dir = tutorials + id;
  describe.skipIf(!existsSync(dir + "/index.md"))(`tutorials/${id}`, () => {
    const files = readLessonFolder(dir);

    it("has no errors (warnings are printed)", () => {
      const problems = validateLesson(files, { id });
      const warnings = problems.filter((p) => p.severity === "warning");
      if (warnings.length) console.warn(`tutorials/${id}:\n` + warnings.map((p) => "  " + formatProblem(p)).join("\n"));
      expect(problems.filter((p) => p.severity === "error").map(formatProblem)).toEqual([]);
    });

    it("parses every step, with unique ids, titles and text in both languages", () => {
      const lesson = parseLesson(files, { id });
      expect(lesson.steps.length).toBeGreaterThan(0);
      const ids = lesson.steps.map((s) => s.id);
      expect(new Set(ids).size).toBe(ids.length);
      for (const step of lesson.steps) {
        expect(step.title.zh && step.title.en, step.file).toBeTruthy();
        expect(step.body.zh.markdown.length + step.body.en.markdown.length, step.file).toBeGreaterThan(0);
        for (const check of step.check ? flatten(step.check) : [])
          expect(check.kind, step.file).toMatch(/^(all|any|not|image|container|event|file|http|registry|history|network|volume|command)$/);
      }
    });
  });
}

describe("tutorials/example-hello in detail", () => {
  const lesson = parseLesson(readLessonFolder(tutorials + "example-hello"), { id: "example-hello" });

  it("has the steps in file order, read-only first", () => {
    expect(lesson.steps.map((s) => s.id)).toEqual(["welcome", "list-images", "run-nginx", "build-image", "clean-up"]);
    expect(lesson.steps[0]!.check).toBeUndefined();
  });

  it("finds commands typed inside the container and the file the learner edits", () => {
    const run = lesson.steps.find((s) => s.id === "run-nginx")!;
    expect(run.body.zh.blocks[1]!.commands).toEqual([
      { text: "docker exec -ti web /bin/sh", inContainer: false },
      { text: "ps aux", inContainer: true },
      { text: "exit", inContainer: true },
    ]);
    const build = lesson.steps.find((s) => s.id === "build-image")!;
    expect(build.body.en.blocks[0]).toMatchObject({ lang: "dockerfile", title: "/root/hello/Dockerfile", runnable: false });
  });
});

describe("bundledLessonFiles (Vite import.meta.glob)", () => {
  it("bundles the same files the Node loader reads", () => {
    const bundled = bundledLessonFiles();
    expect(bundled["example-hello"]).toEqual(readLessonFolder(tutorials + "example-hello"));
  });
});
