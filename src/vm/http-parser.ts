/**
 * An incremental HTTP/1.1 response parser (status, headers, Content-Length / chunked / until-close bodies),
 * enough for the Docker Engine API and for probing web servers inside the guest.
 */
export interface ResponseHead {
  status: number;
  /** Header names lower-cased; a repeated header keeps its last value (see `raw` for all of them). */
  headers: Record<string, string>;
  /** The reason phrase ("OK", "Not Found"). */
  statusText: string;
  /** Every header line in order, names as sent (Set-Cookie comes once per cookie). */
  raw: [string, string][];
}

const dec = new TextDecoder();

export class ResponseParser {
  head: ResponseHead | null = null;
  done = false;
  private buf: Uint8Array = new Uint8Array(0);
  private remaining = -1; // bytes left in the current body / chunk; -1 = unknown
  private mode: "length" | "chunked" | "close" = "close";
  private chunkState: "size" | "data" | "crlf" | "trailer" = "size";

  constructor(private readonly onBody: (bytes: Uint8Array) => void) {}

  push(bytes: Uint8Array): void {
    this.buf = this.buf.length ? joinBytes(this.buf, bytes) : bytes;
    if (!this.head) {
      const end = indexOfCrlfCrlf(this.buf);
      if (end < 0) return;
      this.head = parseHead(dec.decode(this.buf.subarray(0, end)));
      this.buf = this.buf.subarray(end + 4);
      const te = this.head.headers["transfer-encoding"] ?? "";
      const cl = this.head.headers["content-length"];
      if (te.toLowerCase().includes("chunked")) this.mode = "chunked";
      else if (cl !== undefined) {
        this.mode = "length";
        this.remaining = Number(cl);
      }
      if (this.head.status === 204 || this.head.status === 304 || (this.mode === "length" && this.remaining === 0)) {
        this.done = true;
        return;
      }
    }
    this.consumeBody();
  }

  /** The connection closed: a body read "until close" is complete. */
  end(): void {
    if (this.head && this.mode === "close") this.done = true;
  }

  private consumeBody(): void {
    if (this.mode === "close") {
      if (this.buf.length) this.onBody(this.buf);
      this.buf = new Uint8Array(0);
      return;
    }
    if (this.mode === "length") {
      const take = this.buf.subarray(0, this.remaining);
      if (take.length) this.onBody(take);
      this.remaining -= take.length;
      this.buf = this.buf.subarray(take.length);
      if (this.remaining <= 0) this.done = true;
      return;
    }
    // chunked
    for (;;) {
      if (this.chunkState === "size") {
        const eol = indexOfCrlf(this.buf);
        if (eol < 0) return;
        const size = parseInt(dec.decode(this.buf.subarray(0, eol)).split(";")[0].trim(), 16);
        this.buf = this.buf.subarray(eol + 2);
        if (size === 0) {
          this.chunkState = "trailer";
        } else {
          this.remaining = size;
          this.chunkState = "data";
        }
      } else if (this.chunkState === "data") {
        if (!this.buf.length) return;
        const take = this.buf.subarray(0, this.remaining);
        this.onBody(take);
        this.remaining -= take.length;
        this.buf = this.buf.subarray(take.length);
        if (this.remaining > 0) return;
        this.chunkState = "crlf";
      } else if (this.chunkState === "crlf") {
        if (this.buf.length < 2) return;
        this.buf = this.buf.subarray(2);
        this.chunkState = "size";
      } else {
        this.done = true;
        this.buf = new Uint8Array(0);
        return;
      }
    }
  }
}

function parseHead(text: string): ResponseHead {
  const lines = text.split("\r\n");
  const m = /^HTTP\/\d\.\d (\d{3}) ?(.*)$/.exec(lines[0] ?? "");
  if (!m) throw new Error(`not an HTTP response: ${JSON.stringify((lines[0] ?? "").slice(0, 80))}`);
  const headers: Record<string, string> = {};
  const raw: [string, string][] = [];
  for (const line of lines.slice(1)) {
    const i = line.indexOf(":");
    if (i <= 0) continue;
    const name = line.slice(0, i).trim();
    const value = line.slice(i + 1).trim();
    headers[name.toLowerCase()] = value;
    raw.push([name, value]);
  }
  return { status: Number(m[1]), headers, statusText: m[2]!.trim(), raw };
}

function indexOfCrlfCrlf(b: Uint8Array): number {
  for (let i = 0; i + 3 < b.length; i++) if (b[i] === 13 && b[i + 1] === 10 && b[i + 2] === 13 && b[i + 3] === 10) return i;
  return -1;
}
function indexOfCrlf(b: Uint8Array): number {
  for (let i = 0; i + 1 < b.length; i++) if (b[i] === 13 && b[i + 1] === 10) return i;
  return -1;
}
function joinBytes(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

/** Serialises a request; `Connection: close` so each request has its own stream. */
export function encodeRequest(method: string, path: string, host: string, headers: Record<string, string>, body?: Uint8Array): Uint8Array {
  const lines = [`${method} ${path} HTTP/1.1`, `Host: ${host}`, "Connection: close", "User-Agent: docker-sandbox-page"];
  for (const [k, v] of Object.entries(headers)) lines.push(`${k}: ${v}`);
  if (body) lines.push(`Content-Length: ${body.length}`);
  const head = new TextEncoder().encode(lines.join("\r\n") + "\r\n\r\n");
  return body ? joinBytes(head, body) : head;
}
