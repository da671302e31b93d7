import { describe, expect, it } from "vitest";
import { encodeRequest, ResponseParser } from "./http-parser";

const enc = new TextEncoder();
function parse(raw: string, pieces = 1) {
  const body: Uint8Array[] = [];
  const p = new ResponseParser((b) => body.push(b));
  const bytes = enc.encode(raw);
  const step = Math.ceil(bytes.length / pieces);
  for (let i = 0; i < bytes.length; i += step) p.push(bytes.slice(i, i + step));
  p.end();
  return { p, text: new TextDecoder().decode(Uint8Array.from(body.flatMap((b) => [...b]))) };
}

describe("ResponseParser", () => {
  it("reads a Content-Length body", () => {
    const { p, text } = parse("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n[]", 7);
    expect(p.head).toEqual({
      status: 200,
      statusText: "OK",
      headers: { "content-type": "application/json", "content-length": "2" },
      raw: [
        ["Content-Type", "application/json"],
        ["Content-Length", "2"],
      ],
    });
    expect(text).toBe("[]");
    expect(p.done).toBe(true);
  });

  it("de-chunks a chunked body split anywhere", () => {
    const raw = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n4\r\nWiki\r\n6\r\npedia \r\nE\r\nin \r\n\r\nchunks.\r\n0\r\n\r\n";
    for (const pieces of [1, 3, 10, raw.length]) {
      const { p, text } = parse(raw, pieces);
      expect(text).toBe("Wikipedia in \r\n\r\nchunks.");
      expect(p.done).toBe(true);
    }
  });

  it("reads until close without a length", () => {
    const { p, text } = parse("HTTP/1.0 404 Not Found\r\n\r\nnope");
    expect(p.head?.status).toBe(404);
    expect(text).toBe("nope");
    expect(p.done).toBe(true);
  });

  it("keeps every Set-Cookie line in raw", () => {
    const { p } = parse("HTTP/1.1 302 Found\r\nSet-Cookie: a=1\r\nSet-Cookie: b=2; Path=/\r\nLocation: /x\r\nContent-Length: 0\r\n\r\n");
    expect(p.head?.raw.filter(([k]) => k === "Set-Cookie").map(([, v]) => v)).toEqual(["a=1", "b=2; Path=/"]);
    expect(p.head?.statusText).toBe("Found");
  });

  it("treats 204 as bodyless", () => {
    const { p } = parse("HTTP/1.1 204 No Content\r\n\r\n");
    expect(p.done).toBe(true);
  });

  it("encodes a request with Connection: close and a body length", () => {
    const text = new TextDecoder().decode(encodeRequest("POST", "/containers/create", "docker", { "Content-Type": "application/json" }, enc.encode("{}")));
    expect(text).toBe(
      "POST /containers/create HTTP/1.1\r\nHost: docker\r\nConnection: close\r\nUser-Agent: docker-sandbox-page\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}",
    );
  });
});
