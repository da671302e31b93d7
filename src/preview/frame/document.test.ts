import { describe, expect, it } from "vitest";
import { decodeHtml, parseRefresh } from "./document";

describe("previewed document", () => {
  it("reads <meta http-equiv=refresh>", () => {
    const base = "http://172.21.51.143:8080/a/b.html";
    expect(parseRefresh("5; url=/next", base)).toEqual({ seconds: 5, url: "http://172.21.51.143:8080/next" });
    expect(parseRefresh("0;URL='c.html'", base)).toEqual({ seconds: 0, url: "http://172.21.51.143:8080/a/c.html" });
    expect(parseRefresh("3", base)).toEqual({ seconds: 3, url: base });
    expect(parseRefresh("soon", base)).toBeNull();
  });

  it("decodes by the Content-Type charset, else a <meta charset>, else UTF-8", () => {
    const gbk = Uint8Array.from([0xc4, 0xe3, 0xba, 0xc3]); // 你好 in GBK
    expect(decodeHtml(gbk, "text/html; charset=gbk")).toBe("你好");
    const withMeta = new Uint8Array([...new TextEncoder().encode('<meta charset="gbk">'), ...gbk]);
    expect(decodeHtml(withMeta, "text/html")).toBe('<meta charset="gbk">你好');
    expect(decodeHtml(new TextEncoder().encode("你好"), "text/html")).toBe("你好");
    expect(decodeHtml(new TextEncoder().encode("x"), "text/html; charset=no-such-charset")).toBe("x");
  });
});
