/**
 * URLs inside CSS and srcset attributes, rewritten to blob: URLs (pure string work, no DOM). Runs in the frame.
 */

/** `url(…)` in any of its three spellings, and `@import "…"`. */
const URL_TOKEN =
  /url\(\s*(?:"((?:[^"\\\n]|\\.)*)"|'((?:[^'\\\n]|\\.)*)'|((?:[^)"'\s\\]|\\.)*))\s*\)|@import\s+(?:"((?:[^"\\\n]|\\.)*)"|'((?:[^'\\\n]|\\.)*)')/gi;
const IMPORT_BEFORE = /@import\s+$/i;

const unescapeCss = (s: string) =>
  s.replace(/\\([0-9a-f]{1,6}\s?|[^\n0-9a-f])/gi, (_, c: string) => (/^[0-9a-f]/i.test(c) ? String.fromCodePoint(parseInt(c, 16)) : c));

/** A URL worth fetching: absolute http(s) after resolving against `base`; null for data:, blob:, fragments, junk. */
export function fetchableUrl(raw: string, base: string): string | null {
  const value = raw.trim();
  if (!value || value.startsWith("#") || /^(data|blob|about|javascript):/i.test(value)) return null;
  try {
    const u = new URL(value, base);
    return u.protocol === "http:" || u.protocol === "https:" ? u.href : null;
  } catch {
    return null;
  }
}

/**
 * `css` with every url() and @import replaced by what `resolve` gives for it (absolute URL; `isImport` for a
 * stylesheet imported by this one). A URL `resolve` has nothing for (null) stays as it was.
 */
export async function rewriteCss(css: string, base: string, resolve: (url: string, isImport: boolean) => Promise<string | null>): Promise<string> {
  const found: { start: number; end: number; url: string; isImport: boolean }[] = [];
  for (const m of css.matchAll(URL_TOKEN)) {
    const raw = m[1] ?? m[2] ?? m[3] ?? m[4] ?? m[5] ?? "";
    const url = fetchableUrl(unescapeCss(raw), base);
    if (!url) continue;
    const isImport = m[4] !== undefined || m[5] !== undefined || IMPORT_BEFORE.test(css.slice(Math.max(0, m.index - 20), m.index));
    found.push({ start: m.index, end: m.index + m[0].length, url, isImport });
  }
  if (!found.length) return css;
  const targets = await Promise.all(found.map((f) => resolve(f.url, f.isImport).catch(() => null)));
  let out = "";
  let at = 0;
  found.forEach((f, i) => {
    const target = targets[i];
    if (!target) return;
    const prefix = css.slice(f.start, f.end).startsWith("@") ? "@import " : "";
    out += css.slice(at, f.start) + `${prefix}url("${target}")`;
    at = f.end;
  });
  return out + css.slice(at);
}

export interface SrcsetItem {
  url: string;
  /** "2x", "480w" or "". */
  descriptor: string;
}

/** The candidates of a srcset attribute (HTML's parsing rules, without validating descriptors). */
export function parseSrcset(value: string): SrcsetItem[] {
  const items: SrcsetItem[] = [];
  let i = 0;
  while (i < value.length) {
    while (i < value.length && /[\s,]/.test(value[i]!)) i++;
    if (i >= value.length) break;
    let start = i;
    while (i < value.length && !/\s/.test(value[i]!)) i++;
    let url = value.slice(start, i);
    let descriptor = "";
    if (url.endsWith(",")) url = url.replace(/,+$/, "");
    else {
      start = i;
      let depth = 0;
      while (i < value.length && (value[i] !== "," || depth > 0)) {
        if (value[i] === "(") depth++;
        else if (value[i] === ")") depth = Math.max(0, depth - 1);
        i++;
      }
      descriptor = value.slice(start, i).trim();
    }
    if (url) items.push({ url, descriptor });
  }
  return items;
}

export function formatSrcset(items: SrcsetItem[]): string {
  return items.map((c) => (c.descriptor ? `${c.url} ${c.descriptor}` : c.url)).join(", ");
}
