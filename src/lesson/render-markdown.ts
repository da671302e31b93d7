import markdownit from "markdown-it";
import type { Env, MarkdownIt } from "markdown-it";
import type { LessonText } from "./lesson-types";

export interface RenderOptions {
  /** Turn a picture's path in the lesson (`images/arch.png`) into a URL (see lessonAssetUrl). */
  resolveImage?: (src: string) => string | undefined;
}

interface RenderEnv extends Env {
  blockIndex: number;
  resolveImage?: RenderOptions["resolveImage"];
}

let renderer: MarkdownIt | undefined;

/**
 * A lesson text as HTML (no DOM needed). Every fenced code block becomes an empty placeholder
 * `<div class="lesson-block" data-block="N"></div>` — N indexes `text.blocks` — so the UI can
 * mount its own code/command component there. Lesson files are trusted repository content.
 */
export function renderLessonHtml(text: LessonText, options: RenderOptions = {}): string {
  const env: RenderEnv = { blockIndex: 0 };
  if (options.resolveImage) env.resolveImage = options.resolveImage;
  return lessonRenderer().render(text.markdown, env);
}

function lessonRenderer(): MarkdownIt {
  if (renderer) return renderer;
  const md = markdownit({ html: true, linkify: false, typographer: false });
  md.renderer.rules.fence = (_tokens, _idx, _options, env) => {
    const n = (env as RenderEnv).blockIndex++;
    return `<div class="lesson-block" data-block="${n}"></div>\n`;
  };
  const image = md.renderer.rules.image!;
  md.renderer.rules.image = (tokens, idx, options, env, self) => {
    const token = tokens[idx]!;
    const src = token.attrGet("src");
    const url = src === null ? undefined : (env as RenderEnv | undefined)?.resolveImage?.(String(src));
    if (url) token.attrSet("src", url);
    return image(tokens, idx, options, env, self);
  };
  const linkOpen = md.renderer.rules.link_open ?? ((tokens, idx, options, _env, self) => self.renderToken(tokens, idx, options));
  md.renderer.rules.link_open = (tokens, idx, options, env, self) => {
    const href = String(tokens[idx]!.attrGet("href") ?? "");
    if (/^https?:\/\//.test(href)) {
      tokens[idx]!.attrSet("target", "_blank");
      tokens[idx]!.attrSet("rel", "noopener noreferrer");
    }
    return linkOpen(tokens, idx, options, env, self);
  };
  renderer = md;
  return md;
}
