import markdownit from "markdown-it";
import type { MarkdownIt, Token } from "markdown-it";

let shared: MarkdownIt | undefined;

/**
 * The one markdown-it configuration lessons are read and rendered with, so the n-th fence the parser
 * finds is the n-th fence the renderer meets. Lesson files are trusted repository content: raw HTML is
 * allowed. A new instance, for a renderer that sets its own rules (src/ui/lesson/lesson-markdown.ts).
 */
export function createLessonMarkdown(): MarkdownIt {
  return markdownit({ html: true, linkify: false, typographer: false });
}

/** The shared instance the parser uses. */
export function lessonMarkdown(): MarkdownIt {
  shared ??= createLessonMarkdown();
  return shared;
}

export function parseMarkdown(source: string): Token[] {
  return lessonMarkdown().parse(source, {});
}

export type { Token };
