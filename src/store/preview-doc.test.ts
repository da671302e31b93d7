import { describe, expect, it } from "vitest";
import { previewSrcdoc, PREVIEW_CSP } from "./preview-doc";

const enc = (s: string) => new TextEncoder().encode(s);

describe("preview document", () => {
  it("keeps HTML but puts a no-network CSP in front of it", () => {
    const doc = previewSrcdoc("text/html; charset=utf-8", enc("<h1>hello from busybox httpd</h1>"));
    expect(doc.startsWith(`<meta http-equiv="Content-Security-Policy" content="${PREVIEW_CSP}">`)).toBe(true);
    expect(doc).toContain("<h1>hello from busybox httpd</h1>");
    expect(PREVIEW_CSP).toContain("default-src 'none'");
  });

  it("shows text and JSON escaped, never as markup", () => {
    const doc = previewSrcdoc("application/json", enc('{"a":"<script>x</script>"}'));
    expect(doc).toContain("&lt;script&gt;");
    expect(doc).not.toContain("<script>");
  });

  it("shows images inline as data URLs and other binaries as a note", () => {
    expect(previewSrcdoc("image/png", new Uint8Array([137, 80, 78, 71]))).toContain('src="data:image/png;base64,iVBORw=="');
    expect(previewSrcdoc("application/octet-stream", new Uint8Array(10))).toContain("(application/octet-stream, 10 bytes)");
  });

  it("treats an untyped body that looks like markup as HTML", () => {
    expect(previewSrcdoc("", enc("<p>hi</p>"))).toContain("<p>hi</p>");
  });
});
