import { lessonAssetUrl } from "../../lesson/bundled-lessons";
import type { CodeBlock } from "../../lesson/code-blocks";
import type { LessonText } from "../../lesson/lesson-types";
import { createLessonMarkdown } from "../../lesson/markdown";

/**
 * Lesson Markdown → HTML. Lessons are trusted repository content (never guest output). The markdown-it
 * configuration of src/lesson/markdown.ts, so the n-th fence rendered is the n-th fence parsed;
 * runnable blocks get per-command Run buttons, titled blocks an "open in editor" button.
 */
export interface MarkdownLabels {
  run: string;
  runTitle: string;
  copy: string;
  open: (path: string) => string;
}

interface Env {
  blocks: CodeBlock[];
  fence: number;
  lessonId: string;
  labels: MarkdownLabels;
}

const md = createLessonMarkdown();
const esc = md.utils.escapeHtml;

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
  const env = rawEnv as unknown as Env;
  const token = tokens[idx]!;
  const src = String(token.attrGet("src") ?? "");
  if (!/^[a-z]+:/i.test(src) && !src.startsWith("/")) {
    const url = lessonAssetUrl(env.lessonId, src);
    if (url) token.attrSet("src", url);
  }
  token.attrSet("loading", "lazy");
  return defaultImage(tokens, idx, options, rawEnv, self);
};

const defaultLinkOpen = md.renderer.rules.link_open ?? ((tokens, idx, options, _env, self) => self.renderToken(tokens, idx, options));
md.renderer.rules.link_open = (tokens, idx, options, env, self) => {
  const href = String(tokens[idx]!.attrGet("href") ?? "");
  if (/^https?:/i.test(href)) {
    tokens[idx]!.attrSet("target", "_blank");
    tokens[idx]!.attrSet("rel", "noopener noreferrer");
  }
  return defaultLinkOpen(tokens, idx, options, env, self);
};

export function renderLessonText(text: LessonText, lessonId: string, labels: MarkdownLabels): string {
  const env: Env = { blocks: text.blocks, fence: 0, lessonId, labels };
  return md.render(text.markdown, env as unknown as Record<string, unknown>);
}

/** Hints and other one-liners written by the lesson's author. */
export function renderInline(markdown: string): string {
  return md.renderInline(markdown);
}
