import type { Lang } from "../store/prefs-store";

/**
 * What the page's address asks for:
 * - `?embed=1`: the layout for an iframe in a course site (no header, the lesson and the terminal only);
 * - `?lang=zh|en`: the language;
 * - `?lesson=<url>`: a lesson folder on any static host (src/lesson/remote-lesson.ts).
 */
export interface PageParams {
  embed: boolean;
  lang?: Lang;
  lesson?: string;
}

export function readPageParams(search: string): PageParams {
  const q = new URLSearchParams(search);
  const out: PageParams = { embed: ["1", "true", "yes"].includes(q.get("embed") ?? "") };
  const lang = q.get("lang");
  if (lang === "zh" || lang === "en") out.lang = lang;
  const lesson = q.get("lesson")?.trim();
  if (lesson) out.lesson = lesson;
  return out;
}

let current: PageParams | undefined;
/** This page's parameters, read once. */
export function pageParams(): PageParams {
  current ??= readPageParams(typeof location === "undefined" ? "" : location.search);
  return current;
}

/** The page's address with `?lesson=` set (or removed), other parameters kept: a reload opens the same lesson. */
export function withLessonParam(href: string, lessonUrl: string | null): string {
  const url = new URL(href);
  if (lessonUrl) url.searchParams.set("lesson", lessonUrl);
  else url.searchParams.delete("lesson");
  return url.href;
}
