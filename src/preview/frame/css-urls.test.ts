import { describe, expect, it } from "vitest";
import { fetchableUrl, formatSrcset, parseSrcset, rewriteCss } from "./css-urls";

const BASE = "http://172.21.51.143:8080/css/site.css";

describe("CSS urls", () => {
  it("rewrites url() in all spellings and @import, relative to the stylesheet", async () => {
    const seen: string[] = [];
    const css =
      `@import "reset.css";\n@import url('theme.css') screen;\nbody{background:url(../img/bg.png) no-repeat}\n` +
      `@font-face{src:url("/fonts/a.woff2") format("woff2"), url(data:font/woff;base64,AAA)}\n.x{filter:url(#blur)}`;
    const out = await rewriteCss(css, BASE, async (url, isImport) => {
      seen.push(`${isImport ? "import" : "other"} ${url}`);
      return `blob:null/${seen.length}`;
    });
    expect(seen).toEqual([
      "import http://172.21.51.143:8080/css/reset.css",
      "import http://172.21.51.143:8080/css/theme.css",
      "other http://172.21.51.143:8080/img/bg.png",
      "other http://172.21.51.143:8080/fonts/a.woff2",
    ]);
    expect(out).toBe(
      `@import url("blob:null/1");\n@import url("blob:null/2") screen;\nbody{background:url("blob:null/3") no-repeat}\n` +
        `@font-face{src:url("blob:null/4") format("woff2"), url(data:font/woff;base64,AAA)}\n.x{filter:url(#blur)}`,
    );
  });

  it("leaves a URL it could not fetch as it was, and unescapes CSS escapes", async () => {
    const out = await rewriteCss("a{b:url(x\\ y.png)} c{d:url('gone.png')}", BASE, async (url) => (url.endsWith("gone.png") ? null : `blob:${url}`));
    expect(out).toBe(`a{b:url("blob:http://172.21.51.143:8080/css/x%20y.png")} c{d:url('gone.png')}`);
  });

  it("knows which URLs are worth fetching", () => {
    expect(fetchableUrl(" a.png ", BASE)).toBe("http://172.21.51.143:8080/css/a.png");
    expect(fetchableUrl("https://cdn.example.com/x", BASE)).toBe("https://cdn.example.com/x");
    for (const v of ["", "#id", "data:image/png;base64,AA", "blob:null/1", "javascript:alert(1)", "mailto:a@b"]) expect(fetchableUrl(v, BASE)).toBeNull();
  });
});

describe("srcset", () => {
  it("parses candidates, including URLs with commas and descriptors with parentheses", () => {
    expect(parseSrcset("a.png 1x, b.png 2x,c.png")).toEqual([
      { url: "a.png", descriptor: "1x" },
      { url: "b.png", descriptor: "2x" },
      { url: "c.png", descriptor: "" },
    ]);
    expect(parseSrcset("img,1.png 480w, img,2.png 800w")).toEqual([
      { url: "img,1.png", descriptor: "480w" },
      { url: "img,2.png", descriptor: "800w" },
    ]);
    expect(parseSrcset("  x.png,  ")).toEqual([{ url: "x.png", descriptor: "" }]);
    expect(formatSrcset(parseSrcset("a.png 1x,b.png 2x"))).toBe("a.png 1x, b.png 2x");
  });
});
