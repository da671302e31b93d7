/**
 * npm run lesson:check -- <folder> [<folder>…]: validates lesson folders from the command line (a teacher's own CI),
 * with the parser and validator the page uses, plus what publishing the folder on a web server needs
 * (`order:` in index.md, pictures inside the folder). Prints every problem as file:line key: message;
 * exits 1 when a folder has an error.
 */
import { existsSync, statSync } from "node:fs";
import { basename, join, normalize, resolve } from "node:path";
import { formatProblem, type LessonProblem } from "../src/lesson/lesson-problem";
import { readLessonFolder } from "../src/lesson/read-lesson-folder";
import { publishProblems } from "../src/lesson/publish-lint";
import { validateLesson } from "../src/lesson/validate-lesson";

const folders = process.argv.slice(2);
if (!folders.length) {
  console.error("usage: npm run lesson:check -- <lesson folder> [<lesson folder>…]");
  process.exit(2);
}
let failed = false;
for (const folder of folders) {
  const dir = resolve(folder);
  if (!existsSync(join(dir, "index.md")) || !statSync(dir).isDirectory()) {
    console.error(`${folder}: not a lesson folder (no index.md)`);
    failed = true;
    continue;
  }
  const files = readLessonFolder(dir);
  const problems: LessonProblem[] = [
    ...validateLesson(files, { id: basename(dir) }),
    ...publishProblems(files, (path) => existsSync(normalize(join(dir, path)))),
  ];
  const errors = problems.filter((p) => p.severity === "error").length;
  for (const p of problems) console.log(`${folder}/${formatProblem(p).replace(/^(error|warning): /, "")}  (${p.severity})`);
  console.log(`${folder}: ${errors} error(s), ${problems.length - errors} warning(s)`);
  if (errors) failed = true;
}
process.exit(failed ? 1 : 0);
