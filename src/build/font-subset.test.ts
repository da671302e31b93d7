import { existsSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  NOTO_CJK_REGULAR,
  buildOwnFont,
  cmapCodePoints,
  faceIndexOf,
  keepOneLanguage,
  ownFontFace,
  readNames,
  renameFamily,
  tablesOf,
  unicodeRange,
  writeNames,
  writeSfnt,
  type NameRecord,
} from "./font-subset";

const names: NameRecord[] = [
  { platformId: 3, encodingId: 1, languageId: 0x409, nameId: 0, text: "© 2014-2021 Adobe (http://www.adobe.com/)." },
  { platformId: 3, encodingId: 1, languageId: 0x409, nameId: 1, text: "Noto Sans CJK SC" },
  { platformId: 3, encodingId: 1, languageId: 0x804, nameId: 1, text: "Noto Sans CJK SC" },
  { platformId: 3, encodingId: 1, languageId: 0x409, nameId: 4, text: "Noto Sans CJK SC" },
  { platformId: 3, encodingId: 1, languageId: 0x409, nameId: 6, text: "NotoSansCJKsc-Regular" },
  { platformId: 3, encodingId: 1, languageId: 0x409, nameId: 13, text: "This Font Software is licensed under the SIL Open Font License, Version 1.1. 𝔸" },
  { platformId: 1, encodingId: 0, languageId: 0, nameId: 1, text: "Noto Sans CJK SC" },
];

/** A font of a head and a name table (enough for the name and checksum code). */
function tinyFont(records: readonly NameRecord[]): Uint8Array {
  const head = new Uint8Array(54);
  new DataView(head.buffer).setUint32(12, 0x5f0f3cf5); // magic
  return writeSfnt(
    0x4f54544f,
    new Map([
      ["name", writeNames(records)],
      ["head", head],
    ]),
  );
}

function fileChecksum(b: Uint8Array): number {
  const v = new DataView(b.buffer, b.byteOffset, b.byteLength);
  let sum = 0;
  for (let o = 0; o < b.length; o += 4) sum = (sum + v.getUint32(o)) >>> 0;
  return sum;
}

describe("font subset: sfnt and name table", () => {
  it("writes and reads back name records (UTF-16 with surrogates, Macintosh Latin-1)", () => {
    const back = readNames(writeNames(names));
    expect(back).toHaveLength(names.length);
    for (const r of names) expect(back).toContainEqual(r);
    // sorted by platform, encoding, language, name ID
    expect(back[0]).toEqual(names[6]);
  });

  it("writes a font whose checksums add up and whose tables read back", () => {
    const font = tinyFont(names);
    expect(font.length % 4).toBe(0);
    expect(fileChecksum(font)).toBe(0xb1b0afba);
    expect([...tablesOf(font).keys()]).toEqual(["head", "name"]);
    expect(faceIndexOf(font, "Noto Sans CJK SC")).toBe(0);
    expect(faceIndexOf(font, "Noto Sans CJK JP")).toBe(-1);
  });

  it("renames the family in family and full names only, keeping the PostScript name and the license", () => {
    const renamed = renameFamily(tinyFont(names), "Noto Sans CJK SC", "Noto Sans SC");
    expect(fileChecksum(renamed)).toBe(0xb1b0afba);
    const back = readNames(tablesOf(renamed).get("name")!);
    const text = (nameId: number, languageId = 0x409) => back.find((r) => r.platformId === 3 && r.nameId === nameId && r.languageId === languageId)?.text;
    expect(text(1)).toBe("Noto Sans SC");
    expect(text(1, 0x804)).toBe("Noto Sans SC");
    expect(text(4)).toBe("Noto Sans SC");
    expect(back.find((r) => r.platformId === 1)!.text).toBe("Noto Sans SC");
    expect(text(6)).toBe("NotoSansCJKsc-Regular");
    expect(text(0)).toBe(names[0]!.text);
    expect(text(13)).toBe(names[5]!.text);
  });

  it("gives the language systems other than the kept one their script's default features", () => {
    const tag = (t: string) => [(t.charCodeAt(0) << 8) | t.charCodeAt(1), (t.charCodeAt(2) << 8) | t.charCodeAt(3)];
    // GSUB header, a script list with one script (hani): default [0, 1]; JAN [0, 1, 2]; ZHS [0, 1, 3]
    const words = [
      ...[1, 0, 10, 0, 0],
      ...[1, ...tag("hani"), 8],
      ...[16, 2, ...tag("JAN "), 26, ...tag("ZHS "), 38],
      ...[0, 0xffff, 2, 0, 1],
      ...[0, 0xffff, 3, 0, 1, 2],
      ...[0, 0xffff, 3, 0, 1, 3],
    ];
    const table = new Uint8Array(words.flatMap((w) => [w >> 8, w & 0xff]));
    const at = (o: number) => (table[o]! << 8) | table[o + 1]!;
    const langSys = (o: number) => Array.from({ length: at(o + 4) }, (_, i) => at(o + 6 + 2 * i));
    keepOneLanguage(table, "ZHS ");
    expect(langSys(18 + 26)).toEqual([0, 1]);
    expect(langSys(18 + 38)).toEqual([0, 1, 3]);
    expect(langSys(18 + 16)).toEqual([0, 1]);
  });

  it("lists code points as a unicode-range", () => {
    expect(unicodeRange([0x20, 0x21, 0x22, 0xa9, 0x4e2d, 0x4e2e, 0x1f600])).toBe("U+20-22,U+A9,U+4E2D-4E2E,U+1F600");
    expect(unicodeRange([])).toBe("");
    expect(ownFontFace("./assets/x.woff2", [0x41, 0x42])).toBe(
      '@font-face{font-family:"Noto Sans SC";font-style:normal;font-display:swap;font-weight:400;src:url(./assets/x.woff2) format("woff2");unicode-range:U+41-42}',
    );
  });

  it("says why there is no subset when the font file is missing", async () => {
    expect(await buildOwnFont("中文", "/nonexistent/NotoSansCJK-Regular.ttc")).toMatch(/not found.*fonts-noto-cjk/);
  });
});

describe.skipIf(!existsSync(NOTO_CJK_REGULAR))("font subset from fonts-noto-cjk", () => {
  it("finds the SC face by name and subsets it to the text's characters, named Noto Sans SC, license kept", async () => {
    const { readFile } = await import("node:fs/promises");
    const collection = new Uint8Array(await readFile(NOTO_CJK_REGULAR));
    expect(faceIndexOf(collection, "Noto Sans CJK SC")).toBeGreaterThanOrEqual(0);
    const font = await buildOwnFont("Docker 中文课程：镜像、容器 ✓\u{1f600}");
    if (typeof font === "string") throw new Error(font);
    // the emoji is not in the font; ✓ (U+2713) is
    expect(font.codePoints.map((p) => String.fromCodePoint(p)).join("")).toBe(" ：Dckeor、中像器容文程课镜✓".split("").sort().join(""));
    expect(new TextDecoder().decode(font.woff2.subarray(0, 4))).toBe("wOF2");
    expect(font.woff2.length).toBeLessThan(20_000);
    const { default: wawoff2 } = await import("wawoff2");
    const otf = (await wawoff2.decompress(font.woff2)).slice();
    expect(cmapCodePoints(otf)).toEqual(font.codePoints);
    const back = readNames(tablesOf(otf).get("name")!);
    const text = (nameId: number) => back.find((r) => r.platformId === 3 && r.languageId === 0x409 && r.nameId === nameId)?.text;
    expect(text(1)).toBe("Noto Sans SC");
    expect(text(0)).toMatch(/Adobe/);
    expect(text(13)).toMatch(/SIL Open Font License/);
    expect(text(14)).toMatch(/OFL/);
  });

  it("keeps the Simplified Chinese forms: in Chinese text —— is two full-width dashes, as in fontsource's Noto Sans SC", async () => {
    const font = await buildOwnFont("中文——“引号” a—b");
    if (typeof font === "string") throw new Error(font);
    const { default: wawoff2 } = await import("wawoff2");
    const hb = await import("harfbuzzjs");
    const shaper = new hb.Font(new hb.Face(new hb.Blob((await wawoff2.decompress(font.woff2)).slice())));
    const advances = (text: string, language: string) => {
      const buffer = new hb.Buffer();
      buffer.addText(text);
      buffer.setLanguage(language);
      buffer.guessSegmentProperties();
      hb.shape(shaper, buffer);
      return buffer.getGlyphPositions().map((p) => p.xAdvance);
    };
    expect(advances("中——文", "zh-Hans")).toEqual([1000, 2000, 1000]);
    expect(advances("中——文", "en")).toEqual([1000, 1676, 1000]); // the face's default: a 2-em-dash ligature, narrower
  });
});
