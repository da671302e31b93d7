/**
 * The app's own font subset, made at `vite build` (vite.config.ts, ownFontPlugin): one woff2 file holding the glyphs
 * of exactly the characters of the app's own text (the UI strings and the bundled lessons), declared after
 * @fontsource's Noto Sans SC faces as one more face of the same family, so that the browser draws those characters
 * from it and fetches fontsource's unicode-range files only for other characters (guest output, a lesson from a URL).
 *
 * The glyphs come from Debian's fonts-noto-cjk (Noto Sans CJK SC, the same design as Noto Sans SC), subset by
 * HarfBuzz's hb-subset (npm harfbuzzjs, wasm) and compressed by Google's woff2 encoder (npm wawoff2, wasm). The
 * subset's family is renamed to "Noto Sans SC" in its name table (so the browser and DevTools name it like the faces
 * it joins); the copyright, trademark and OFL license records are kept. Hinting is dropped.
 */
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";

/** Where Debian's fonts-noto-cjk puts the Sans Regular collection (the CI installs it: .ci/run). */
export const NOTO_CJK_REGULAR = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc";
/** The collection's Simplified Chinese face, found by its family name (name ID 1). */
export const SOURCE_FAMILY = "Noto Sans CJK SC";
/** The family the subset is declared as (fontsource's), also written into its name table. */
export const OWN_FAMILY = "Noto Sans SC";

/**
 * The OpenType features kept: those a browser applies by default to horizontal text, and `halt` (Chromium's
 * text-spacing-trim halves adjacent CJK punctuation with it).
 */
const FEATURES = ["ccmp", "locl", "liga", "clig", "calt", "rlig", "kern", "mark", "mkmk", "halt"];
/**
 * The one language system whose own features are kept, Simplified Chinese: its `locl` draws "——" as two full-width
 * dashes in Chinese text (as fontsource's Noto Sans SC does), where the default forms are a 1.68 em ligature. The
 * others (Japanese, Korean, Traditional Chinese, Hong Kong) get the script's default features: their `locl` forms
 * would add ~460 glyphs the page's zh-CN and English text never selects.
 */
const LANGUAGE = "ZHS ";
/** Vertical-layout tables (the page sets no vertical text). */
const DROP_TABLES = ["vhea", "vmtx", "VORG"];

export interface OwnFont {
  woff2: Uint8Array;
  /** The code points the subset maps (the text's characters that the face has), ascending. */
  codePoints: number[];
  glyphs: number;
}

/**
 * The subset for `text`, or a one-line reason why there is none (the font file is missing or has no SC face).
 * `fontPath` defaults to $NOTO_CJK_FONT, else NOTO_CJK_REGULAR.
 */
export async function buildOwnFont(text: string, fontPath = process.env.NOTO_CJK_FONT || NOTO_CJK_REGULAR): Promise<OwnFont | string> {
  if (!existsSync(fontPath)) return `${fontPath} not found (Debian/Ubuntu: apt-get install fonts-noto-cjk)`;
  const collection = new Uint8Array(await readFile(fontPath));
  const face = faceIndexOf(collection, SOURCE_FAMILY);
  if (face < 0) return `${fontPath} has no face named "${SOURCE_FAMILY}"`;
  const gsub = tablesOf(collection, sfntOffsets(collection)[face]).get("GSUB");
  if (gsub) keepOneLanguage(gsub, LANGUAGE); // in place, in this copy of the file
  const points = [...new Set([...text].map((c) => c.codePointAt(0)!))].sort((a, b) => a - b);
  const otf = renameFamily(await subset(collection, face, points), SOURCE_FAMILY, OWN_FAMILY);
  const { default: wawoff2 } = await import("wawoff2");
  // a view into the encoder's wasm memory, which its next call reuses: copied
  const woff2 = (await wawoff2.compress(otf)).slice();
  return { woff2, codePoints: cmapCodePoints(otf), glyphs: glyphCount(otf) };
}

/** The @font-face rule that declares the subset (same descriptors as fontsource's 400.css). */
export function ownFontFace(url: string, codePoints: readonly number[]): string {
  return (
    `@font-face{font-family:"${OWN_FAMILY}";font-style:normal;font-display:swap;font-weight:400;` +
    `src:url(${url}) format("woff2");unicode-range:${unicodeRange(codePoints)}}`
  );
}

/** Ascending code points → `U+20-7E,U+A9,U+4E2D`. */
export function unicodeRange(sorted: readonly number[]): string {
  const out: string[] = [];
  const hex = (n: number) => n.toString(16).toUpperCase();
  for (let i = 0; i < sorted.length;) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j]! + 1) j++;
    out.push(j === i ? `U+${hex(sorted[i]!)}` : `U+${hex(sorted[i]!)}-${hex(sorted[j]!)}`);
    i = j + 1;
  }
  return out.join(",");
}

// ---- hb-subset (harfbuzzjs's wasm build, called directly: its JS wrapper has no subsetting) ----

interface HbSubset {
  memory: WebAssembly.Memory;
  malloc(n: number): number;
  free(p: number): void;
  hb_blob_create(data: number, length: number, mode: number, userData: number, destroy: number): number;
  hb_blob_destroy(blob: number): void;
  hb_blob_get_data(blob: number, lengthPtr: number): number;
  hb_face_create(blob: number, index: number): number;
  hb_face_destroy(face: number): void;
  hb_face_reference_blob(face: number): number;
  hb_set_add(set: number, value: number): void;
  hb_set_clear(set: number): void;
  hb_set_invert(set: number): void;
  hb_subset_input_create_or_fail(): number;
  hb_subset_input_destroy(input: number): void;
  hb_subset_input_unicode_set(input: number): number;
  hb_subset_input_set(input: number, which: number): number;
  hb_subset_input_set_flags(input: number, flags: number): void;
  hb_subset_or_fail(face: number, input: number): number;
  _initialize?(): void;
}

const HB_MEMORY_MODE_WRITABLE = 2;
const HB_SUBSET_FLAGS_NO_HINTING = 0x1;
const HB_SUBSET_FLAGS_DESUBROUTINIZE = 0x4; // smaller once compressed (CFF)
const HB_SUBSET_SETS_DROP_TABLE_TAG = 3;
const HB_SUBSET_SETS_NAME_ID = 4;
const HB_SUBSET_SETS_LAYOUT_FEATURE_TAG = 6;
const hbTag = (tag: string) => [...tag.padEnd(4)].reduce((a, c) => ((a << 8) | c.charCodeAt(0)) >>> 0, 0);

/** Face `index` of `collection` reduced to the glyphs of `codePoints` (an OpenType font, CFF outlines). */
async function subset(collection: Uint8Array, index: number, codePoints: readonly number[]): Promise<Uint8Array> {
  const wasm = await readFile(createRequire(import.meta.url).resolve("harfbuzzjs/dist/harfbuzz-subset.wasm"));
  const hb = (await WebAssembly.instantiate(wasm, {})).instance.exports as unknown as HbSubset;
  hb._initialize?.();
  const data = hb.malloc(collection.length);
  new Uint8Array(hb.memory.buffer, data, collection.length).set(collection);
  const blob = hb.hb_blob_create(data, collection.length, HB_MEMORY_MODE_WRITABLE, 0, 0);
  const face = hb.hb_face_create(blob, index);
  const input = hb.hb_subset_input_create_or_fail();
  if (!input) throw new Error("hb_subset_input_create_or_fail failed");
  const unicodes = hb.hb_subset_input_unicode_set(input);
  for (const p of codePoints) hb.hb_set_add(unicodes, p);
  hb.hb_subset_input_set_flags(input, HB_SUBSET_FLAGS_NO_HINTING | HB_SUBSET_FLAGS_DESUBROUTINIZE);
  // every name record (hb-subset keeps IDs 0-6 by default; 7 trademark, 13-14 the OFL notice are wanted)
  const names = hb.hb_subset_input_set(input, HB_SUBSET_SETS_NAME_ID);
  hb.hb_set_clear(names);
  hb.hb_set_invert(names);
  const features = hb.hb_subset_input_set(input, HB_SUBSET_SETS_LAYOUT_FEATURE_TAG);
  hb.hb_set_clear(features);
  for (const f of FEATURES) hb.hb_set_add(features, hbTag(f));
  const drop = hb.hb_subset_input_set(input, HB_SUBSET_SETS_DROP_TABLE_TAG);
  for (const t of DROP_TABLES) hb.hb_set_add(drop, hbTag(t));
  const out = hb.hb_subset_or_fail(face, input);
  if (!out) throw new Error("hb_subset_or_fail failed");
  const outBlob = hb.hb_face_reference_blob(out);
  const lengthPtr = hb.malloc(4);
  const ptr = hb.hb_blob_get_data(outBlob, lengthPtr);
  const length = new DataView(hb.memory.buffer).getUint32(lengthPtr, true);
  const result = new Uint8Array(hb.memory.buffer, ptr, length).slice();
  hb.hb_blob_destroy(outBlob);
  hb.hb_face_destroy(out);
  hb.hb_subset_input_destroy(input);
  hb.hb_face_destroy(face);
  hb.hb_blob_destroy(blob);
  return result;
}

// ---- sfnt reading and writing (only what the subset needs) ----

const view = (b: Uint8Array) => new DataView(b.buffer, b.byteOffset, b.byteLength);
const tagAt = (b: Uint8Array, o: number) => String.fromCharCode(b[o]!, b[o + 1]!, b[o + 2]!, b[o + 3]!);

/** The offsets of the fonts in a file: each font of a collection (`ttcf`), or [0]. */
export function sfntOffsets(file: Uint8Array): number[] {
  if (tagAt(file, 0) !== "ttcf") return [0];
  const v = view(file);
  return Array.from({ length: v.getUint32(8) }, (_, i) => v.getUint32(12 + 4 * i));
}

/** A font's tables by tag (views into `file`). */
export function tablesOf(file: Uint8Array, sfntOffset = 0): Map<string, Uint8Array> {
  const v = view(file);
  const out = new Map<string, Uint8Array>();
  for (let i = 0; i < v.getUint16(sfntOffset + 4); i++) {
    const r = sfntOffset + 12 + 16 * i;
    const offset = v.getUint32(r + 8);
    out.set(tagAt(file, r), file.subarray(offset, offset + v.getUint32(r + 12)));
  }
  return out;
}

export interface NameRecord {
  platformId: number;
  encodingId: number;
  languageId: number;
  nameId: number;
  text: string;
}

/** Windows and Unicode platform strings are UTF-16BE; Macintosh ones are read as Latin-1 (ASCII in practice). */
const isUtf16 = (platformId: number) => platformId === 0 || platformId === 3;

/** The records of a `name` table (format 0; format 1's language-tag records are not read). */
export function readNames(name: Uint8Array): NameRecord[] {
  const v = view(name);
  const strings = v.getUint16(4);
  return Array.from({ length: v.getUint16(2) }, (_, i) => {
    const r = 6 + 12 * i;
    const at = strings + v.getUint16(r + 10);
    const bytes = name.subarray(at, at + v.getUint16(r + 8));
    const platformId = v.getUint16(r);
    let text = "";
    if (isUtf16(platformId)) for (let k = 0; k + 1 < bytes.length; k += 2) text += String.fromCharCode((bytes[k]! << 8) | bytes[k + 1]!);
    else text = String.fromCharCode(...bytes);
    return { platformId, encodingId: v.getUint16(r + 2), languageId: v.getUint16(r + 4), nameId: v.getUint16(r + 6), text };
  });
}

/** A format 0 `name` table. */
export function writeNames(records: readonly NameRecord[]): Uint8Array {
  const sorted = [...records].sort((a, b) => a.platformId - b.platformId || a.encodingId - b.encodingId || a.languageId - b.languageId || a.nameId - b.nameId);
  const encoded = sorted.map((r) =>
    isUtf16(r.platformId) ? Uint8Array.from([...r.text].flatMap((c) => utf16be(c))) : Uint8Array.from(r.text, (c) => c.charCodeAt(0) & 0xff),
  );
  const header = 6 + 12 * sorted.length;
  const out = new Uint8Array(header + encoded.reduce((n, e) => n + e.length, 0));
  const v = view(out);
  v.setUint16(2, sorted.length);
  v.setUint16(4, header);
  let at = 0;
  sorted.forEach((r, i) => {
    const o = 6 + 12 * i;
    [r.platformId, r.encodingId, r.languageId, r.nameId, encoded[i]!.length, at].forEach((x, k) => v.setUint16(o + 2 * k, x));
    out.set(encoded[i]!, header + at);
    at += encoded[i]!.length;
  });
  return out;
}

function utf16be(c: string): number[] {
  const out: number[] = [];
  for (let i = 0; i < c.length; i++) out.push(c.charCodeAt(i) >> 8, c.charCodeAt(i) & 0xff);
  return out;
}

/** The index of the first face of a font file (collection or single font) whose family (name ID 1) is `family`, or -1. */
export function faceIndexOf(file: Uint8Array, family: string): number {
  return sfntOffsets(file).findIndex((offset) => {
    const name = tablesOf(file, offset).get("name");
    return !!name && readNames(name).some((r) => r.nameId === 1 && r.text === family);
  });
}

/** Name IDs that carry the family: family, full name, typographic family, compatible full, WWS family. */
const FAMILY_NAME_IDS = new Set([1, 4, 16, 18, 21]);

/**
 * The font with `from` replaced by `to` in its family names (the PostScript name and unique ID stay: for CFF outlines
 * the PostScript name must match the CFF table's). Every other record (copyright, trademark, license) is kept.
 */
export function renameFamily(font: Uint8Array, from: string, to: string): Uint8Array {
  const tables = tablesOf(font);
  const name = tables.get("name");
  if (!name) throw new Error("the font has no name table");
  const records = readNames(name).map((r) => (FAMILY_NAME_IDS.has(r.nameId) ? { ...r, text: r.text.split(from).join(to) } : r));
  tables.set("name", writeNames(records));
  return writeSfnt(view(font).getUint32(0), tables);
}

function checksum(b: Uint8Array): number {
  const padded = new Uint8Array((b.length + 3) & ~3);
  padded.set(b);
  const v = view(padded);
  let sum = 0;
  for (let o = 0; o < padded.length; o += 4) sum = (sum + v.getUint32(o)) >>> 0;
  return sum;
}

/** A font file from its tables: directory sorted by tag, tables 4-byte aligned, checksums and head.checkSumAdjustment set. */
export function writeSfnt(sfntVersion: number, tables: ReadonlyMap<string, Uint8Array>): Uint8Array {
  const tags = [...tables.keys()].sort();
  const dirLength = 12 + 16 * tags.length;
  let size = dirLength;
  for (const t of tags) size += (tables.get(t)!.length + 3) & ~3;
  const out = new Uint8Array(size);
  const v = view(out);
  const entrySelector = Math.floor(Math.log2(tags.length));
  v.setUint32(0, sfntVersion);
  v.setUint16(4, tags.length);
  v.setUint16(6, 16 << entrySelector);
  v.setUint16(8, entrySelector);
  v.setUint16(10, tags.length * 16 - (16 << entrySelector));
  let at = dirLength;
  let headAt = -1;
  tags.forEach((t, i) => {
    const data = tables.get(t)!.slice();
    if (t === "head") {
      view(data).setUint32(8, 0); // checkSumAdjustment is computed over the file with it zero
      headAt = at;
    }
    const r = 12 + 16 * i;
    for (let k = 0; k < 4; k++) out[r + k] = t.charCodeAt(k);
    v.setUint32(r + 4, checksum(data));
    v.setUint32(r + 8, at);
    v.setUint32(r + 12, data.length);
    out.set(data, at);
    at += (data.length + 3) & ~3;
  });
  if (headAt >= 0) v.setUint32(headAt + 8, (0xb1b0afba - checksum(out)) >>> 0);
  return out;
}

/**
 * In place: every language system of a GSUB or GPOS table other than `language` gets its script's default features
 * (or none), so that what only those languages select is unreachable and hb-subset leaves it out.
 */
export function keepOneLanguage(table: Uint8Array, language: string): void {
  const v = view(table);
  const scripts = v.getUint16(4);
  for (let i = 0; i < v.getUint16(scripts); i++) {
    const script = scripts + v.getUint16(scripts + 2 + 6 * i + 4);
    const dflt = v.getUint16(script) ? script + v.getUint16(script) : -1;
    const dfltCount = dflt < 0 ? 0 : v.getUint16(dflt + 4);
    for (let k = 0; k < v.getUint16(script + 2); k++) {
      const record = script + 4 + 6 * k;
      if (tagAt(table, record) === language) continue;
      const langSys = script + v.getUint16(record + 4);
      const fits = dflt >= 0 && dfltCount <= v.getUint16(langSys + 4);
      v.setUint16(langSys + 2, fits ? v.getUint16(dflt + 2) : 0xffff); // required feature
      v.setUint16(langSys + 4, fits ? dfltCount : 0);
      for (let f = 0; fits && f < dfltCount; f++) v.setUint16(langSys + 6 + 2 * f, v.getUint16(dflt + 6 + 2 * f));
    }
  }
}

/** The code points a font's `cmap` maps (its Unicode subtables of format 4 and 12), ascending. */
export function cmapCodePoints(font: Uint8Array): number[] {
  const cmap = tablesOf(font).get("cmap");
  if (!cmap) return [];
  const v = view(cmap);
  const points = new Set<number>();
  for (let i = 0; i < v.getUint16(2); i++) {
    const platformId = v.getUint16(4 + 8 * i);
    if (!isUtf16(platformId)) continue;
    const sub = v.getUint32(4 + 8 * i + 4);
    const format = v.getUint16(sub);
    if (format === 4) {
      const segs = v.getUint16(sub + 6) / 2;
      const ends = sub + 14;
      const starts = ends + 2 * segs + 2;
      const deltas = starts + 2 * segs;
      const rangeOffsets = deltas + 2 * segs;
      for (let s = 0; s < segs; s++) {
        const end = v.getUint16(ends + 2 * s);
        const start = v.getUint16(starts + 2 * s);
        const delta = v.getUint16(deltas + 2 * s);
        const ro = v.getUint16(rangeOffsets + 2 * s);
        for (let c = start; c <= end && c !== 0xffff; c++) {
          const glyph = ro === 0 ? (c + delta) & 0xffff : v.getUint16(rangeOffsets + 2 * s + ro + 2 * (c - start));
          if (glyph !== 0) points.add(c);
        }
      }
    } else if (format === 12) {
      for (let g = 0; g < v.getUint32(sub + 12); g++) {
        const r = sub + 16 + 12 * g;
        for (let c = v.getUint32(r); c <= v.getUint32(r + 4); c++) points.add(c);
      }
    }
  }
  return [...points].sort((a, b) => a - b);
}

/** maxp.numGlyphs. */
export function glyphCount(font: Uint8Array): number {
  const maxp = tablesOf(font).get("maxp");
  return maxp ? view(maxp).getUint16(4) : 0;
}
