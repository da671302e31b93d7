/**
 * Which of the app's font files the service worker precaches (used by the build in vite.config.ts; unit-tested).
 *
 * The page ships its own fonts (src/ui/fonts.ts, from @fontsource): Noto Sans SC in ~100 files, each for one
 * unicode-range, and DejaVu Mono; the build adds one more Noto Sans SC face after them, a subset holding exactly the
 * characters of the app's own text (src/build/font-subset.ts, declared in index.html). The browser fetches a file
 * only when some text on the page needs a character of its range, and of the faces of one family whose ranges hold a
 * character it uses the last declared. Precaching every file would add ~3.6 MB before the first prompt; the worker
 * precaches the files that the app's own text needs (the UI strings and the bundled lessons, found in the built JS
 * and HTML) and stores any other file when the browser first fetches it (guest output, a lesson from a URL).
 */

export interface FontFile {
  /** Which face the file is part of: font-family, font-weight and font-style (`Noto Sans SC/400/normal`). */
  face: string;
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
    const descriptor = (name: string) => new RegExp(`${name}:\\s*([^;]+)`).exec(body)?.[1]!.trim();
    const ranges = descriptor("unicode-range") ?? "";
    const weight = descriptor("font-weight") ?? "400";
    const family = (descriptor("font-family") ?? "").replace(/["']/g, "");
    const face = `${family}/${weight === "normal" ? "400" : weight === "bold" ? "700" : weight}/${descriptor("font-style") ?? "normal"}`;
    for (const u of body.matchAll(/url\(\s*["']?([^"')]+)["']?\s*\)/g)) {
      out.push({ face, file: u[1]!.split(/[?#]/)[0]!.split("/").pop()!, ranges: parseUnicodeRange(ranges) });
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

/**
 * The files a text needs: for each of its characters and each face, the last declared file whose range holds it (CSS
 * Fonts: of the faces of one family, weight and style whose unicode-ranges overlap, the last declared one is used).
 * A file without a range holds every character. In declaration order.
 */
export function fontFilesFor(files: readonly FontFile[], text: string): string[] {
  const points = [...new Set(Array.from(text, (ch) => ch.codePointAt(0)!))];
  const needed = new Set<string>();
  for (const face of new Set(files.map((f) => f.face))) {
    const ofFace = files.filter((f) => f.face === face);
    let left = points;
    for (let i = ofFace.length - 1; i >= 0 && left.length > 0; i--) {
      const { file, ranges } = ofFace[i]!;
      const rest = ranges.length === 0 ? [] : left.filter((p) => !ranges.some(([lo, hi]) => lo <= p && p <= hi));
      if (rest.length < left.length) needed.add(file);
      left = rest;
    }
  }
  return [...new Set(files.map((f) => f.file).filter((f) => needed.has(f)))];
}
