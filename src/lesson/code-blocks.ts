import { parseMarkdown } from "./markdown";
import { parseShellBlock, type ShellCommand, type ShellLine } from "./shell-block";

/** Fence languages whose commands the learner can run. */
export const RUNNABLE_LANGS: readonly string[] = ["bash", "sh", "shell"];

/** One fenced code block of a step, in document order (the n-th fence markdown-it meets). */
export interface CodeBlock {
  index: number;
  /** The first word of the info string, lower-cased ("bash", "dockerfile", "json", "" if none). */
  lang: string;
  /** The whole info string, e.g. `dockerfile title=/root/Dockerfile`. */
  info: string;
  /** `key=value` words of the info string. */
  attrs: Record<string, string>;
  /** `title=…`: a file in the guest the learner can open in the editor. */
  title?: string;
  /** The code as written. */
  code: string;
  /** True for bash/sh blocks: `commands` holds what to run. */
  runnable: boolean;
  commands: ShellCommand[];
  /** For runnable blocks, every line classified (command / output / comment / blank). */
  lines: ShellLine[];
  /** 0-based line of the opening fence within the (language) Markdown it came from. */
  line: number;
}

/** Every fenced block of a Markdown text, found by markdown-it (so fences inside lists count). */
export function extractCodeBlocks(markdown: string): CodeBlock[] {
  const blocks: CodeBlock[] = [];
  for (const token of parseMarkdown(markdown)) {
    if (token.type !== "fence") continue;
    const { lang, attrs } = parseFenceInfo(token.info);
    const runnable = RUNNABLE_LANGS.includes(lang);
    const shell = runnable ? parseShellBlock(token.content) : { commands: [], lines: [] };
    const block: CodeBlock = {
      index: blocks.length,
      lang,
      info: token.info.trim(),
      attrs,
      code: token.content,
      runnable,
      commands: shell.commands,
      lines: shell.lines,
      line: token.map?.[0] ?? 0,
    };
    if (attrs.title) block.title = attrs.title;
    blocks.push(block);
  }
  return blocks;
}

/** `dockerfile title=/root/Dockerfile` → {lang: "dockerfile", attrs: {title: "/root/Dockerfile"}}. Quotes allowed. */
export function parseFenceInfo(info: string): { lang: string; attrs: Record<string, string> } {
  const words = [...info.trim().matchAll(/([^\s=]+)=(?:"([^"]*)"|'([^']*)'|(\S*))|(\S+)/g)];
  const attrs: Record<string, string> = {};
  let lang = "";
  words.forEach((w, i) => {
    if (w[5] !== undefined) {
      if (i === 0) lang = w[5].toLowerCase();
      else attrs[w[5]] = "";
    } else attrs[w[1]!] = w[2] ?? w[3] ?? w[4] ?? "";
  });
  return { lang, attrs };
}
