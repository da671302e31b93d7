import type { Check } from "./check-types";
import type { LessonProblem } from "./lesson-problem";
import type { Lesson } from "./lesson-types";
import { readLesson, type LessonFiles, type ParseLessonOptions } from "./parse-lesson";
import { checkKind } from "./predicates";

/**
 * Everything a teacher should fix in a lesson folder: unknown keys, bad check shapes, duplicate
 * ids, missing translations, and a few lints (each check kind's own, e.g. history checks that accept
 * engine-changing commands; editor files that are not absolute paths). Errors stop the lesson from loading; warnings do not.
 */
export function validateLesson(files: LessonFiles, options: ParseLessonOptions = {}): LessonProblem[] {
  const { lesson, problems } = readLesson(files, options);
  return [...problems, ...lintLesson(lesson)];
}

function lintLesson(lesson: Lesson): LessonProblem[] {
  const out: LessonProblem[] = [];
  for (const step of lesson.steps) {
    for (const check of step.check ? flatten(step.check) : []) {
      if (check.kind === "all" || check.kind === "any" || check.kind === "not") continue;
      const message = checkKind(check.kind)!.lint?.(check);
      if (message) out.push({ severity: "warning", file: step.file, where: "check", message });
    }
    for (const lang of ["zh", "en"] as const) {
      for (const block of step.body[lang].blocks) {
        if (block.title !== undefined && !block.title.startsWith("/")) {
          out.push({
            severity: "warning",
            file: step.file,
            message: `code block title=${block.title} should be an absolute path in the guest (e.g. /root/Dockerfile)`,
          });
        }
      }
    }
  }
  return out;
}

/** Every check inside a check, combinators included. */
export function flatten(check: Check): Check[] {
  switch (check.kind) {
    case "all":
    case "any":
      return [check, ...check.checks.flatMap(flatten)];
    case "not":
      return [check, ...flatten(check.check)];
    default:
      return [check];
  }
}
