import type { LessonProblem } from "./lesson-problem";
import type { LessonFiles } from "./parse-lesson";
import { splitFrontmatter } from "./frontmatter";
import { ProblemSink } from "./lesson-problem";

/**
 * What a lesson folder needs to work from a URL (`?lesson=`), beyond what every lesson needs (validate-lesson.ts):
 * `order:` in index.md (a web server lists no folder), and pictures that are files inside the folder (the page
 * shows a lesson's pictures only from its own folder). `exists(path)` says whether a path relative to the folder is
 * a file there.
 */
export function publishProblems(files: LessonFiles, exists: (path: string) => boolean): LessonProblem[] {
  const out: LessonProblem[] = [];
  const index = files["index.md"];
  if (index !== undefined) {
    const fm = splitFrontmatter({ sink: new ProblemSink(), file: "index.md" }, index);
    const data = fm.data as { order?: unknown } | undefined;
    if (!data || typeof data !== "object" || data.order === undefined) {
      out.push({
        severity: "warning",
        file: "index.md",
        where: "order",
        message: "no order: list — fine for a bundled lesson, but a lesson opened from a URL needs one (a web server lists no folder): list every step file",
      });
    }
  }
  for (const [file, text] of Object.entries(files)) {
    text.split("\n").forEach((line, i) => {
      for (const m of line.matchAll(/!\[[^\]]*\]\(\s*<?([^)\s>]+)/g)) {
        const src = m[1]!;
        if (/^data:image\/(png|jpeg|gif|webp);/i.test(src)) continue;
        const path = src.split(/[?#]/)[0]!;
        const inside = !/^[a-z][a-z0-9+.-]*:/i.test(src) && !src.startsWith("/") && !path.split("/").includes("..");
        if (!inside) {
          out.push({
            severity: "warning",
            file,
            line: i + 1,
            message: `picture ${src} is outside the lesson folder: a lesson opened from a URL shows pictures only from its own folder (or data: URLs)`,
          });
        } else if (!exists(decodeURIComponent(path))) {
          out.push({ severity: "error", file, line: i + 1, message: `picture ${src} is not in the lesson folder` });
        }
      }
    });
  }
  return out;
}
