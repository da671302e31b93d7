import markdownit from "markdown-it";
import type { MarkdownIt, Token } from "markdown-it";

let shared: MarkdownIt | undefined;

/**
 * The one markdown-it configuration lessons are read and rendered with, so the n-th fence the parser
 * finds is the n-th fence the renderer meets. Bundled lessons are trusted repository content: raw HTML is
 * allowed; a lesson from a URL or a local folder is rendered `untrusted` (raw HTML shows as text).
 * A new instance, for a renderer that sets its own rules (src/ui/lesson/lesson-markdown.ts).
 */
export function createLessonMarkdown(options: { untrusted?: boolean } = {}): MarkdownIt {
  return markdownit({ html: !options.untrusted, linkify: false, typographer: false });
}

/** The shared instance the parser uses. */
export function lessonMarkdown(): MarkdownIt {
  shared ??= createLessonMarkdown();
  return shared;
}

export function parseMarkdown(source: string): Token[] {
  return lessonMarkdown().parse(source, {});
}

export type { MarkdownIt, Token };
