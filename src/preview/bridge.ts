/**
 * The page's end of one preview frame's MessagePort: every request the previewed document makes (sub-resources,
 * fetch, XHR) arrives here and is made inside the VM by guestFetch. The frame is untrusted, so the rules a browser
 * would apply are applied here, not in the frame: only the VM's addresses, the same-origin rules for reading
 * another origin's responses (CORS, and ORB for no-cors reads), no CORS preflight (such requests fail), at most
 * MAX_CONNECTIONS at once (MAX_QUEUED waiting), request bodies up to MAX_REQUEST_BYTES, and response bodies cut at
 * MAX_RESPONSE_BYTES with a note for the learner.
 */
import type { GuestApi } from "../vm/guest-api";
import type { CookieJar } from "./cookie-jar";
import { checkMethod, guestFetch, type PreviewResponse } from "./guest-fetch";
import { parseFrameMessage, type DocMessage, type FrameRequest, type NavigateMessage, type PageToFrame } from "./protocol";

/** A browser's per-host connection limit; the guest agent has 64 streams for everything. */
export const MAX_CONNECTIONS = 6;
export const MAX_RESPONSE_BYTES = 16 * 1024 * 1024;
/** Requests a frame may have waiting for a connection; more fail at once (a page cannot pile up the page's memory). */
export const MAX_QUEUED = 256;
/** The largest request body a frame may send. */
export const MAX_REQUEST_BYTES = 16 * 1024 * 1024;

const SIMPLE_METHODS = new Set(["GET", "HEAD", "POST"]);

/** What the frame tells the owner of the preview. */
export interface FrameEvents {
  onHello(): void;
  onNavigate(nav: NavigateMessage): void;
  onLocation(url: string): void;
  onTruncated(url: string, limit: number): void;
  onLeaving(): void;
}

export interface BridgeOptions extends FrameEvents {
  guest: GuestApi;
  jar: CookieJar;
  /** The document this frame shows (its URL is the frame's origin for the same-origin rules). */
  doc: Omit<DocMessage, "t" | "cookie">;
  maxResponseBytes?: number;
}

/** Response types a no-cors read of another origin does not get (ORB: HTML, JSON, XML other than SVG). */
export function orbBlocked(contentType: string): boolean {
  const essence = contentType.split(";")[0]!.trim().toLowerCase();
  if (essence === "image/svg+xml") return false;
  return essence === "text/html" || /(^|\/|\+)json$/.test(essence) || /(^|\/|\+)xml$/.test(essence);
}

function header(res: PreviewResponse, name: string): string | undefined {
  return res.headers.find(([k]) => k.toLowerCase() === name)?.[1];
}

/** Serves the frame on `port` until the returned function is called (it closes every open request). */
export function serveFrame(port: MessagePort, opts: BridgeOptions): () => void {
  const { guest, jar, doc } = opts;
  const max = opts.maxResponseBytes ?? MAX_RESPONSE_BYTES;
  const docOrigin = new URL(doc.url).origin;
  const open = new Map<number, { aborted: boolean; res?: PreviewResponse }>();
  const queue: (() => void)[] = [];
  let active = 0;
  let closed = false;

  const post = (m: PageToFrame, transfer: Transferable[] = []) => {
    if (!closed) port.postMessage(m, transfer);
  };
  const slot = () =>
    new Promise<void>((resolve) => {
      if (active < MAX_CONNECTIONS) {
        active++;
        resolve();
      } else queue.push(resolve);
    });
  const release = () => {
    const next = queue.shift();
    if (next) next();
    else active--;
  };

  async function request(req: FrameRequest): Promise<void> {
    const state: { aborted: boolean; res?: PreviewResponse } = { aborted: false };
    if (queue.length >= MAX_QUEUED || (req.body?.byteLength ?? 0) > MAX_REQUEST_BYTES) {
      return post({ t: "fail", id: req.id, message: queue.length >= MAX_QUEUED ? "too many requests at once" : "request body too large" });
    }
    open.set(req.id, state);
    await slot();
    try {
      if (state.aborted || closed) return;
      const url = new URL(req.url);
      const same = url.origin === docOrigin;
      const method = checkMethod(req.method);
      if (!same && req.mode === "same-origin") throw new Error(`${url.origin} is another origin (mode: same-origin)`);
      if (!same && !SIMPLE_METHODS.has(method)) throw new Error(`${method} to another origin needs a CORS preflight, which the preview does not make`);
      const res = await guestFetch(guest, jar, {
        url: url.href,
        method,
        headers: req.headers,
        body: req.body ? new Uint8Array(req.body) : undefined,
        cookies: req.credentials === "include" || (req.credentials === "same-origin" && same),
        origin: docOrigin,
        referrer: doc.url,
      });
      state.res = res;
      if (state.aborted || closed) return res.close();
      const sameFinal = new URL(res.url).origin === docOrigin;
      if (!sameFinal && req.mode === "cors") {
        const allow = header(res, "access-control-allow-origin");
        if (!((allow === "*" && req.credentials !== "include") || allow === docOrigin)) {
          res.close();
          throw new Error(`${res.url}: no Access-Control-Allow-Origin for ${docOrigin}`);
        }
      }
      post({
        t: "head",
        id: req.id,
        status: res.status,
        statusText: res.statusText,
        headers: res.headers,
        url: res.url,
        redirected: res.redirected,
        cookie: jar.documentCookie(doc.url),
      });
      if (!sameFinal && req.mode === "no-cors" && orbBlocked(res.contentType)) {
        res.close();
        return post({ t: "end", id: req.id, truncated: false });
      }
      let n = 0;
      for (let piece = await res.read(); piece; piece = await res.read()) {
        if (state.aborted || closed) return res.close();
        const take = piece.subarray(0, max - n);
        n += take.length;
        const bytes = take.slice().buffer;
        post({ t: "chunk", id: req.id, bytes }, [bytes]);
        if (take.length < piece.length || n >= max) {
          const more = take.length < piece.length || (await res.read()) !== null;
          res.close();
          if (more) opts.onTruncated(res.url, max);
          return post({ t: "end", id: req.id, truncated: more });
        }
      }
      post({ t: "end", id: req.id, truncated: false });
    } catch (e) {
      post({ t: "fail", id: req.id, message: e instanceof Error ? e.message : String(e) });
    } finally {
      open.delete(req.id);
      release();
    }
  }

  port.onmessage = (e: MessageEvent) => {
    const m = parseFrameMessage(e.data);
    if (!m || closed) return;
    switch (m.t) {
      case "hello": {
        const body = doc.body.slice(0);
        post({ t: "doc", ...doc, body, cookie: jar.documentCookie(doc.url) }, [body]);
        return opts.onHello();
      }
      case "req":
        if (!open.has(m.id)) void request(m);
        return;
      case "abort": {
        const state = open.get(m.id);
        if (state) {
          state.aborted = true;
          state.res?.close();
        }
        return;
      }
      case "navigate":
        return opts.onNavigate(m);
      case "location":
        if (URL.canParse(m.url) && new URL(m.url).origin === docOrigin) opts.onLocation(m.url);
        return;
      case "cookie":
        return jar.set(doc.url, m.value, true);
      case "leaving":
        return opts.onLeaving();
    }
  };

  return () => {
    closed = true;
    for (const waiting of queue.splice(0)) waiting();
    for (const state of open.values()) {
      state.aborted = true;
      state.res?.close();
    }
    open.clear();
    port.onmessage = null;
    port.close();
  };
}
