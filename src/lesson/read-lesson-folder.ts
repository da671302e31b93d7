import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative, sep } from "node:path";
import type { LessonFiles } from "./parse-lesson";

/**
 * Node only (tests, tools): the Markdown files of a lesson folder, keyed by path relative to it.
 * The browser gets the same shape from bundled-lessons.ts.
 */
export function readLessonFolder(dir: string): LessonFiles {
  const files: LessonFiles = {};
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const full = join(d, name);
      if (statSync(full).isDirectory()) walk(full);
      else if (name.endsWith(".md")) files[relative(dir, full).split(sep).join("/")] = readFileSync(full, "utf8");
    }
  };
  walk(dir);
  return files;
}
