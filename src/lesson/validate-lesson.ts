import type { Check } from "./check-types";
import type { LessonProblem } from "./lesson-problem";
import type { Lesson } from "./lesson-types";
import { readLesson, type LessonFiles, type ParseLessonOptions } from "./parse-lesson";

/** Commands that change the engine: a history check that accepts them should check engine state instead. */
const CHANGING_COMMANDS = [
  "docker run -d nginx",
  "docker pull nginx",
  "docker rm -f web",
  "docker rmi nginx",
  "docker tag a b",
  "docker push a",
  "docker build .",
  "docker stop web",
  "docker start web",
  "docker save -o a.tar a",
  "docker load -i a.tar",
  "docker exec web ls",
  "docker cp a web:/tmp",
];

/**
 * Everything a teacher should fix in a lesson folder: unknown keys, bad check shapes, duplicate
 * ids, missing translations, and a few lints (history checks that accept engine-changing commands,
 * editor files that are not absolute paths). Errors stop the lesson from loading; warnings do not.
 */
export function validateLesson(files: LessonFiles, options: ParseLessonOptions = {}): LessonProblem[] {
  const { lesson, problems } = readLesson(files, options);
  return [...problems, ...lintLesson(lesson)];
}

function lintLesson(lesson: Lesson): LessonProblem[] {
  const out: LessonProblem[] = [];
  for (const step of lesson.steps) {
    for (const check of step.check ? flatten(step.check) : []) {
      if (check.kind === "command") {
        // listed, so that a teacher sees which steps rely on the escape hatch rather than on engine state
        out.push({
          severity: "warning",
          file: step.file,
          where: "check",
          message: `step "${step.id}" relies on a command run in the VM (\`${check.run}\`, at most ${check.timeout} s): fine where no other check kind covers it; prefer engine state (container, network, volume…) where one does`,
        });
        continue;
      }
      if (check.kind !== "history") continue;
      const re = new RegExp(check.matches);
      const accepted = CHANGING_COMMANDS.filter((c) => re.test(c));
      if (accepted.length) {
        out.push({
          severity: "warning",
          file: step.file,
          where: "check",
          message: `history check /${check.matches}/ accepts "${accepted[0]}"; check what the command changed (image, container, event…) instead — history is only for read-only commands`,
        });
      }
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
