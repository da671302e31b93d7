import type { LessonFiles } from "./parse-lesson";

/**
 * Browser (Vite): every lesson under tutorials/, bundled at build time.
 * Markdown comes in as text; pictures (tutorials/<lesson>/images/…) as URLs.
 */
const markdown = import.meta.glob<string>("/tutorials/*/**/*.md", { query: "?raw", import: "default", eager: true });
const assets = import.meta.glob<string>("/tutorials/*/**/*.{png,jpg,jpeg,gif,svg,webp}", { query: "?url", import: "default", eager: true });

/** Lesson folder name → its files (paths relative to the folder). */
export function bundledLessonFiles(): Record<string, LessonFiles> {
  const lessons: Record<string, LessonFiles> = {};
  for (const [path, text] of Object.entries(markdown)) {
    const m = /^\/tutorials\/([^/]+)\/(.+)$/.exec(path);
    if (!m) continue;
    (lessons[m[1]!] ??= {})[m[2]!] = text;
  }
  return lessons;
}

/** The bundled URL of a picture a lesson refers to (`images/arch.png`), or undefined. */
export function lessonAssetUrl(lessonId: string, relativePath: string): string | undefined {
  const clean = relativePath.replace(/^\.\//, "");
  return assets[`/tutorials/${lessonId}/${clean}`];
}
