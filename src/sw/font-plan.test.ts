import { describe, expect, it } from "vitest";
import { fontFilesFor, fontFilesOf, parseUnicodeRange } from "./font-plan";

const css = `
@font-face{font-family:Noto Sans SC;font-weight:400;src:url(./noto-sans-sc-119-400-normal-AbC.woff2) format("woff2");unicode-range:U+4e00,U+4e2d-4e2f}
@font-face{font-family:Noto Sans SC;src:url(noto-sans-sc-5-400-normal-x.woff2?v=1) format("woff2");unicode-range:U+ff0c,U+1f0??}
@font-face{font-family:DejaVu Mono;src:url("./dejavu-mono-latin-400-normal-q.woff2") format("woff2")}
`;

describe("font plan", () => {
  it("reads each @font-face's file and unicode-range", () => {
    const files = fontFilesOf(css);
    expect(files.map((f) => f.file)).toEqual([
      "noto-sans-sc-119-400-normal-AbC.woff2",
      "noto-sans-sc-5-400-normal-x.woff2",
      "dejavu-mono-latin-400-normal-q.woff2",
    ]);
    expect(files[0]!.ranges).toEqual([
      [0x4e00, 0x4e00],
      [0x4e2d, 0x4e2f],
    ]);
    expect(files[2]!.ranges).toEqual([]);
    expect(files.map((f) => f.face)).toEqual(["Noto Sans SC/400/normal", "Noto Sans SC/400/normal", "DejaVu Mono/400/normal"]);
  });

  it("reads wildcard ranges", () => {
    expect(parseUnicodeRange("U+1f0??, u+41")).toEqual([
      [0x1f000, 0x1f0ff],
      [0x41, 0x41],
    ]);
  });

  it("keeps the files a text needs, and faces without a range", () => {
    const files = fontFilesOf(css);
    expect(fontFilesFor(files, "hello 中文")).toEqual(["noto-sans-sc-119-400-normal-AbC.woff2", "dejavu-mono-latin-400-normal-q.woff2"]);
    expect(fontFilesFor(files, "a，b 🃁")).toEqual(["noto-sans-sc-5-400-normal-x.woff2", "dejavu-mono-latin-400-normal-q.woff2"]);
    expect(fontFilesFor(files, "")).toEqual([]);
  });

  it("of overlapping faces of one family, weight and style, needs only the last declared one for a character", () => {
    const own = `<style>@font-face{font-family:"Noto Sans SC";font-style:normal;font-weight:400;src:url(./assets/own-Q1.woff2) format("woff2");unicode-range:U+20-7E,U+4E2D}</style>`;
    const files = [...fontFilesOf(css), ...fontFilesOf(own)];
    expect(files[3]).toEqual({
      face: "Noto Sans SC/400/normal",
      file: "own-Q1.woff2",
      ranges: [
        [0x20, 0x7e],
        [0x4e2d, 0x4e2d],
      ],
    });
    // 中 (U+4E2D) is in the subset (declared last): file 119 is not needed for it; U+4E2E is not: file 119 is needed
    expect(fontFilesFor(files, "hello 中")).toEqual(["dejavu-mono-latin-400-normal-q.woff2", "own-Q1.woff2"]);
    expect(fontFilesFor(files, "中\u4e2e")).toEqual(["noto-sans-sc-119-400-normal-AbC.woff2", "dejavu-mono-latin-400-normal-q.woff2", "own-Q1.woff2"]);
    // another family, or the same family in another weight, is not covered by the subset
    const bold = fontFilesOf(`@font-face{font-family:'Noto Sans SC';font-weight:bold;src:url(b.woff2);unicode-range:U+4e2d}`);
    expect(bold[0]!.face).toBe("Noto Sans SC/700/normal");
    expect(fontFilesFor([...files, ...bold], "中")).toEqual(["dejavu-mono-latin-400-normal-q.woff2", "own-Q1.woff2", "b.woff2"]);
    // declared before fontsource's faces, the subset would be shadowed by them
    expect(fontFilesFor([...fontFilesOf(own), ...fontFilesOf(css)], "中")).toEqual([
      "noto-sans-sc-119-400-normal-AbC.woff2",
      "dejavu-mono-latin-400-normal-q.woff2",
    ]);
  });
});
