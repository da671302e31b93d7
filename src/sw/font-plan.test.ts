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
    expect(fontFilesFor(files, "")).toEqual(["dejavu-mono-latin-400-normal-q.woff2"]);
  });
});
