import { lessonAssetUrl } from "../../lesson/bundled-lessons";
import type { CodeBlock } from "../../lesson/code-blocks";
import type { LessonText } from "../../lesson/lesson-types";
import { createLessonMarkdown, type MarkdownIt } from "../../lesson/markdown";

/**
 * Lesson Markdown → HTML. The n-th fence rendered is the n-th fence parsed (src/lesson/markdown.ts); runnable
 * blocks get per-command Run buttons, titled blocks an "open in editor" button.
 *
 * Two kinds of lesson:
 * - bundled (tutorials/, trusted repository content): raw HTML allowed, pictures from the build;
 * - from a URL or a teacher's local folder (untrusted): no raw HTML (it shows as text), every link opens in a new
 *   tab with noopener, and a picture shows only when `resolveImage` allows it (the lesson's own folder or a
 *   data: URL); any other picture is left out and its alt text shown.
 * Never guest output.
 */
export interface LessonOrigin {
  /** The lesson's id (bundled: its folder name). */
  id: string;
  /** Untrusted lessons: a picture's path in the lesson → the URL to show it from, or undefined to leave it out. */
  resolveImage?: (src: string) => string | undefined;
  /** Untrusted lessons: relative links are resolved against this URL (the lesson folder's). */
  linkBase?: string;
}
export interface MarkdownLabels {
  run: string;
  runTitle: string;
  copy: string;
  open: (path: string) => string;
}

interface Env {
  blocks: CodeBlock[];
  fence: number;
  origin: LessonOrigin;
  labels: MarkdownLabels;
}

const esc = createLessonMarkdown().utils.escapeHtml;

function shellHtml(block: CodeBlock, labels: MarkdownLabels): string {
  const rows = block.lines.map((l) => {
    switch (l.kind) {
      case "command": {
        const prompt = l.inContainer ? "#" : "$";
        return (
          `<div class="sh-line sh-cmd"><span class="sh-prompt">${prompt}</span><span class="sh-text">${esc(l.text)}</span>` +
          `<button type="button" class="run-button" data-action="run" data-block="${block.index}" data-cmd="${l.command}" title="${esc(labels.runTitle)}">▶ ${esc(labels.run)}</button></div>`
        );
      }
      case "output":
        return `<div class="sh-line sh-out">${esc(l.text)}</div>`;
      case "comment":
        return `<div class="sh-line sh-comment">${esc(l.text)}</div>`;
      default:
        return `<div class="sh-line sh-blank"> </div>`;
    }
  });
  return rows.join("");
}

function createRenderer(untrusted: boolean): MarkdownIt {
  const md = createLessonMarkdown({ untrusted });

  md.renderer.rules.fence = (tokens, idx, _options, rawEnv) => {
    const env = rawEnv as unknown as Env;
    const token = tokens[idx]!;
    const block = env.blocks[env.fence++];
    const tools: string[] = [];
    if (block?.title?.startsWith("/")) {
      tools.push(`<span class="code-title">${esc(block.title)}</span>`);
      tools.push(`<button type="button" data-action="open" data-path="${esc(block.title)}">${esc(env.labels.open(block.title))}</button>`);
    }
    tools.push(`<button type="button" data-action="copy" data-block="${block?.index ?? -1}">${esc(env.labels.copy)}</button>`);
    const lang = esc((block?.lang ?? token.info.trim().split(/\s+/)[0]) || "text");
    const body = block?.runnable ? shellHtml(block, env.labels) : esc(token.content);
    return `<div class="code-block lang-${lang}"><div class="code-tools">${tools.join("")}</div><pre><code>${body}</code></pre></div>`;
  };

  const defaultImage = md.renderer.rules.image!;
  md.renderer.rules.image = (tokens, idx, options, rawEnv, self) => {
    const origin = (rawEnv as Partial<Env> | undefined)?.origin;
    const token = tokens[idx]!;
    const src = String(token.attrGet("src") ?? "");
    if (untrusted) {
      const url = origin?.resolveImage?.(src);
      if (!url) return `<span class="image-left-out">[${esc(self.renderInlineAsText(token.children ?? [], options, rawEnv) || src)}]</span>`;
      token.attrSet("src", url);
    } else if (origin && !/^[a-z]+:/i.test(src) && !src.startsWith("/")) {
      const url = lessonAssetUrl(origin.id, src);
      if (url) token.attrSet("src", url);
    }
    token.attrSet("loading", "lazy");
    return defaultImage(tokens, idx, options, rawEnv, self);
  };

  const defaultLinkOpen = md.renderer.rules.link_open ?? ((tokens, idx, options, _env, self) => self.renderToken(tokens, idx, options));
  md.renderer.rules.link_open = (tokens, idx, options, rawEnv, self) => {
    const origin = (rawEnv as Partial<Env> | undefined)?.origin;
    const token = tokens[idx]!;
    const href = String(token.attrGet("href") ?? "");
    if (untrusted && origin?.linkBase && !href.startsWith("#") && !/^[a-z][a-z0-9+.-]*:/i.test(href)) {
      try {
        token.attrSet("href", new URL(href, origin.linkBase).href);
      } catch {
        token.attrSet("href", "#");
      }
    }
    if (untrusted || /^https?:/i.test(href)) {
      token.attrSet("target", "_blank");
      token.attrSet("rel", "noopener noreferrer");
    }
    return defaultLinkOpen(tokens, idx, options, rawEnv, self);
  };
  return md;
}

/** Bundled lessons (raw HTML allowed); lessons from a URL or a local folder (raw HTML shown as text). */
const renderers = { trusted: createRenderer(false), untrusted: createRenderer(true) };
const rendererFor = (origin: LessonOrigin) => (origin.resolveImage ? renderers.untrusted : renderers.trusted);

export function renderLessonText(text: LessonText, origin: LessonOrigin, labels: MarkdownLabels): string {
  const env: Env = { blocks: text.blocks, fence: 0, origin, labels };
  return rendererFor(origin).render(text.markdown, env as unknown as Record<string, unknown>);
}

/** Hints and other one-liners written by the lesson's author. */
export function renderInline(markdown: string, origin: LessonOrigin): string {
  return rendererFor(origin).renderInline(markdown, { origin } as unknown as Record<string, unknown>);
}
