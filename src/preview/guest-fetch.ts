/**
 * One HTTP exchange the way a browser makes it, carried to the VM over the guest channel: request headers a page
 * may not set are dropped, the site's cookies go along and come back into the jar, redirects are followed, and a
 * failure has a browser's error code ("connection refused"). Nothing here reaches the network: a URL outside the VM
 * fails like a browser without internet.
 */
import type { GuestApi, GuestHttpStream } from "../vm/guest-api";
import { concat } from "../vm/guest-channel";
import type { CookieJar } from "./cookie-jar";
import { isGuestUrl } from "./guest-address";

export type NetErrorCode =
  | "ERR_CONNECTION_REFUSED"
  | "ERR_EMPTY_RESPONSE"
  | "ERR_INVALID_HTTP_RESPONSE"
  | "ERR_TIMED_OUT"
  | "ERR_NAME_NOT_RESOLVED"
  | "ERR_INTERNET_DISCONNECTED"
  | "ERR_TOO_MANY_REDIRECTS"
  | "ERR_INSUFFICIENT_RESOURCES"
  | "ERR_FAILED";

/** A request that got no HTTP response, with the code a browser would show. */
export class NetError extends Error {
  constructor(
    readonly code: NetErrorCode,
    message: string,
    readonly url: string,
  ) {
    super(message);
  }
}

export interface PreviewRequest {
  url: string;
  method: string;
  headers?: [string, string][];
  body?: Uint8Array;
  /** Send the site's cookies and keep the ones it sets (fetch's credentials: "omit" turns this off). */
  cookies?: boolean;
  /** The requesting document's origin: sent as Origin on cross-origin requests and on every POST. */
  origin?: string;
  /** The requesting document's URL (Referer: the whole URL to its own origin, the origin only elsewhere). */
  referrer?: string;
}

export interface PreviewResponse {
  /** The final URL, after redirects. */
  url: string;
  redirected: boolean;
  status: number;
  statusText: string;
  /** Response headers as sent, without Set-Cookie (a page never sees those). */
  headers: [string, string][];
  /** The Content-Type header, lower-cased ("" when none). */
  contentType: string;
  read(): Promise<Uint8Array | null>;
  close(): void;
}

export const MAX_REDIRECTS = 20;

const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
/** Fetch's forbidden request headers, plus what the channel's HTTP client writes itself (Host, User-Agent). */
const FORBIDDEN = new Set([
  "accept-charset",
  "accept-encoding",
  "access-control-request-headers",
  "access-control-request-method",
  "connection",
  "content-length",
  "cookie",
  "cookie2",
  "date",
  "dnt",
  "expect",
  "host",
  "keep-alive",
  "origin",
  "referer",
  "set-cookie",
  "te",
  "trailer",
  "transfer-encoding",
  "upgrade",
  "user-agent",
  "via",
]);
const FORBIDDEN_METHODS = new Set(["CONNECT", "TRACE", "TRACK"]);
const NORMALISED_METHODS = ["DELETE", "GET", "HEAD", "OPTIONS", "POST", "PUT", "PATCH"];

/** The request headers a page may send, checked so that nothing can be smuggled into the raw HTTP request. */
export function allowedHeaders(headers: [string, string][] = []): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of headers) {
    const lower = name.toLowerCase();
    if (!TOKEN.test(name) || /[\r\n\0]/.test(value)) continue;
    if (FORBIDDEN.has(lower) || lower.startsWith("proxy-") || lower.startsWith("sec-")) continue;
    out[name] = value.trim();
  }
  return out;
}

export function checkMethod(method: string): string {
  const upper = method.toUpperCase();
  const m = NORMALISED_METHODS.includes(upper) ? upper : method;
  if (!TOKEN.test(m) || FORBIDDEN_METHODS.has(upper)) throw new TypeError(`'${method}' is not a valid HTTP method`);
  return m;
}

/** The browser error code for a failure of the guest channel (the agent's connect() messages). */
export function netErrorCode(message: string): NetErrorCode {
  if (/Connection refused/i.test(message)) return "ERR_CONNECTION_REFUSED";
  if (/no HTTP response/i.test(message)) return "ERR_EMPTY_RESPONSE";
  if (/not an HTTP response/i.test(message)) return "ERR_INVALID_HTTP_RESPONSE";
  if (/no answer within|timed out/i.test(message)) return "ERR_TIMED_OUT";
  if (/resolve /i.test(message)) return "ERR_NAME_NOT_RESOLVED";
  if (/too many channels/i.test(message)) return "ERR_INSUFFICIENT_RESOURCES";
  return "ERR_FAILED";
}

const origin = (url: string) => new URL(url).origin;

function requestHeaders(req: PreviewRequest, url: string, method: string, jar: CookieJar): Record<string, string> {
  const headers = allowedHeaders(req.headers);
  if (!Object.keys(headers).some((k) => k.toLowerCase() === "accept")) headers.Accept = "*/*";
  const cookie = req.cookies === false ? "" : jar.header(url);
  if (cookie) headers.Cookie = cookie;
  const sameOrigin = req.origin !== undefined && req.origin === origin(url);
  if (req.origin !== undefined && (!sameOrigin || method === "POST")) headers.Origin = req.origin;
  if (req.referrer) headers.Referer = origin(req.referrer) === origin(url) ? req.referrer.replace(/#.*$/, "") : `${origin(req.referrer)}/`;
  return headers;
}

/** Sends `req` into the VM, following redirects; resolves once the final response's head is there. */
export async function guestFetch(guest: GuestApi, jar: CookieJar, req: PreviewRequest): Promise<PreviewResponse> {
  let url = req.url;
  let method = checkMethod(req.method);
  let body = method === "GET" || method === "HEAD" ? undefined : req.body;
  for (let redirects = 0; ; redirects++) {
    if (!isGuestUrl(url)) {
      throw new NetError("ERR_INTERNET_DISCONNECTED", `${new URL(url).host}: the preview reaches only the VM (the VM has no internet)`, url);
    }
    let r: GuestHttpStream;
    try {
      r = await guest.httpStream(url, { method, headers: requestHeaders(req, url, method, jar), body });
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      throw new NetError(netErrorCode(message), message, url);
    }
    if (req.cookies !== false) for (const [name, value] of r.raw) if (name.toLowerCase() === "set-cookie") jar.set(url, value);
    const location = r.headers["location"];
    if ([301, 302, 303, 307, 308].includes(r.status) && location !== undefined) {
      r.close();
      if (redirects >= MAX_REDIRECTS) throw new NetError("ERR_TOO_MANY_REDIRECTS", `more than ${MAX_REDIRECTS} redirects`, url);
      url = new URL(location, url).href;
      if (r.status === 303 ? method !== "HEAD" : r.status <= 302 && method === "POST") {
        method = "GET";
        body = undefined;
      }
      continue;
    }
    if (method === "HEAD") r.close();
    return {
      url,
      redirected: redirects > 0,
      status: r.status,
      statusText: r.statusText,
      headers: r.raw.filter(([name]) => name.toLowerCase() !== "set-cookie"),
      contentType: (r.headers["content-type"] ?? "").toLowerCase(),
      read: method === "HEAD" ? async () => null : () => r.read(),
      close: () => r.close(),
    };
  }
}

/** Reads a whole body, up to `max` bytes (then closes the connection): the bytes and whether more was there. */
export async function readUpTo(res: PreviewResponse, max: number): Promise<{ bytes: Uint8Array; truncated: boolean }> {
  const parts: Uint8Array[] = [];
  let n = 0;
  for (let piece = await res.read(); piece; piece = await res.read()) {
    if (n + piece.length > max) {
      parts.push(piece.subarray(0, max - n));
      n = max;
      res.close();
      return { bytes: concat(parts), truncated: true };
    }
    parts.push(piece);
    n += piece.length;
  }
  return { bytes: concat(parts), truncated: false };
}
