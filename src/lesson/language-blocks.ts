import type { Lang } from "./bilingual";
import { parseMarkdown } from "./markdown";

const MARKER = /^<!--\s*(zh|en)\s*-->$/i;

export interface LanguageBlocks {
  /** Chinese Markdown: the shared text before any marker, then every `<!-- zh -->` section. */
  zh: string;
  /** English Markdown, likewise. */
  en: string;
  /** Languages that had at least one marker. */
  found: Lang[];
  /** 0-based lines of markers that sit inside a list, quote… (not on their own top-level line): ignored. */
  nestedMarkers: number[];
}

/**
 * Split a body into its Chinese and English Markdown. A marker is an HTML comment alone on a
 * top-level line, `<!-- zh -->` or `<!-- en -->`; markdown-it finds them, so a marker shown
 * inside a code fence is not one. Sections may alternate (zh, en, zh, en…).
 */
export function splitLanguageBlocks(markdown: string): LanguageBlocks {
  const lines = markdown.split("\n");
  const markers: Array<{ lang: Lang; start: number; end: number }> = [];
  const nestedMarkers: number[] = [];
  for (const token of parseMarkdown(markdown)) {
    if (token.type !== "html_block" || !token.map) continue;
    const m = MARKER.exec(token.content.trim());
    if (!m) continue;
    if (token.level === 0) markers.push({ lang: m[1]!.toLowerCase() as Lang, start: token.map[0], end: token.map[1] });
    else nestedMarkers.push(token.map[0]);
  }
  const slice = (from: number, to: number) => lines.slice(from, to).join("\n");
  const common = slice(0, markers[0]?.start ?? lines.length);
  const parts: Record<Lang, string[]> = { zh: [], en: [] };
  markers.forEach((mk, i) => {
    parts[mk.lang].push(slice(mk.end, markers[i + 1]?.start ?? lines.length));
  });
  const compose = (lang: Lang) =>
    [common, ...parts[lang]]
      .map((s) => s.replace(/^\n+|\s+$/g, ""))
      .filter(Boolean)
      .join("\n\n");
  return {
    zh: compose("zh"),
    en: compose("en"),
    found: (["zh", "en"] as const).filter((l) => parts[l].length > 0),
    nestedMarkers,
  };
}
