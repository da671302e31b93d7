/**
 * Which of the app's font files the service worker precaches (used by the build in vite.config.ts; unit-tested).
 *
 * The page ships its own fonts (src/ui/fonts.css, from @fontsource): Noto Sans SC in ~100 files, each for one
 * unicode-range, and DejaVu Mono. The browser fetches a file only when some text on the page needs a character of
 * its range. Precaching every file would add ~3.6 MB before the first prompt; the worker precaches the files that
 * the app's own text needs (the UI strings and the bundled lessons, found in the built JS and HTML) and stores any
 * other file when the browser first fetches it (guest output, a lesson from a URL).
 */

export interface FontFile {
  /** The font file's name as the CSS refers to it (last path segment, e.g. `noto-sans-sc-119-400-normal-AbC1.woff2`). */
  file: string;
  /** Inclusive code point ranges; empty when the face has no unicode-range (it covers everything). */
  ranges: Array<[number, number]>;
}

/** The font files of every @font-face rule in a stylesheet, with their unicode-range. */
export function fontFilesOf(css: string): FontFile[] {
  const out: FontFile[] = [];
  for (const m of css.matchAll(/@font-face\s*{([^}]*)}/g)) {
    const body = m[1]!;
    const ranges = /unicode-range:\s*([^;]+)/.exec(body)?.[1] ?? "";
    for (const u of body.matchAll(/url\(\s*["']?([^"')]+)["']?\s*\)/g)) {
      out.push({ file: u[1]!.split(/[?#]/)[0]!.split("/").pop()!, ranges: parseUnicodeRange(ranges) });
    }
  }
  return out;
}

/** `U+4e00-9fff, U+3000, U+30??` → [[0x4e00, 0x9fff], [0x3000, 0x3000], [0x3000, 0x30ff]]. */
export function parseUnicodeRange(text: string): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (const part of text.split(",")) {
    const m = /^\s*u\+([0-9a-f?]+)(?:-([0-9a-f]+))?\s*$/i.exec(part);
    if (!m) continue;
    if (m[1]!.includes("?")) out.push([parseInt(m[1]!.replace(/\?/g, "0"), 16), parseInt(m[1]!.replace(/\?/g, "f"), 16)]);
    else out.push([parseInt(m[1]!, 16), parseInt(m[2] ?? m[1]!, 16)]);
  }
  return out;
}

/** The files a text needs: those whose range holds one of its characters (a file without a range always). */
export function fontFilesFor(files: readonly FontFile[], text: string): string[] {
  const points = new Set<number>();
  for (const ch of text) points.add(ch.codePointAt(0)!);
  const sorted = [...points].sort((a, b) => a - b);
  const needed = files.filter((f) => f.ranges.length === 0 || f.ranges.some(([lo, hi]) => hasPointIn(sorted, lo, hi)));
  return [...new Set(needed.map((f) => f.file))];
}

/** Binary search: is some point of `sorted` within [lo, hi]? */
function hasPointIn(sorted: readonly number[], lo: number, hi: number): boolean {
  let a = 0;
  let b = sorted.length;
  while (a < b) {
    const mid = (a + b) >> 1;
    if (sorted[mid]! < lo) a = mid + 1;
    else b = mid;
  }
  return a < sorted.length && sorted[a]! <= hi;
}
