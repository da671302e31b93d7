import type { LessonFiles } from "./parse-lesson";

/**
 * Browser (Vite): every lesson under tutorials/, bundled at build time.
 * Markdown comes in as text; pictures as URLs (files in dist/assets/, so the offline worker precaches them):
 * the lesson's own (tutorials/<lesson>/images/…) and the shared ones in the repository's images/ folder,
 * which lessons refer to as ../../images/….
 */
const markdown = import.meta.glob<string>("/tutorials/*/**/*.md", { query: "?raw", import: "default", eager: true });
const assets: Record<string, string> = {
  ...import.meta.glob<string>("/tutorials/*/**/*.{png,jpg,jpeg,gif,svg,webp}", { query: "?url", import: "default", eager: true }),
  ...import.meta.glob<string>("/images/**/*.{png,jpg,jpeg,gif,svg,webp}", { query: "?url", import: "default", eager: true }),
};

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

/**
 * A picture's path as the lesson writes it, relative to the lesson folder (`images/arch.png`,
 * `../../images/docker-architecture.svg`), as a path from the repository root (`/tutorials/<lesson>/images/arch.png`,
 * `/images/docker-architecture.svg`); undefined for URLs, absolute paths and paths above the repository.
 */
export function lessonAssetPath(lessonId: string, relativePath: string): string | undefined {
  const path = relativePath.split(/[?#]/)[0]!;
  if (!path || /^[a-z][a-z0-9+.-]*:/i.test(path) || path.startsWith("/")) return undefined;
  const parts = ["tutorials", lessonId];
  for (const seg of path.split("/")) {
    if (seg === "" || seg === ".") continue;
    if (seg === "..") {
      if (!parts.length) return undefined;
      parts.pop();
    } else parts.push(seg);
  }
  return `/${parts.join("/")}`;
}

/** The bundled URL of a picture a lesson refers to (`images/arch.png`, `../../images/x.svg`), or undefined. */
export function lessonAssetUrl(lessonId: string, relativePath: string): string | undefined {
  const path = lessonAssetPath(lessonId, relativePath);
  return path === undefined ? undefined : assets[path];
}
