/**
 * Messages over the MessagePort between the page (src/preview/bridge.ts) and the loader inside the preview frame
 * (src/preview/frame/). The page checks every message it gets: the frame runs the previewed site's code.
 */

export type RequestMode = "cors" | "no-cors" | "same-origin";
export type Credentials = "omit" | "same-origin" | "include";

/** The document the frame shows, sent when its loader says hello. */
export interface DocMessage {
  t: "doc";
  url: string;
  status: number;
  contentType: string;
  body: ArrayBuffer;
  /** The body was cut at the document size limit. */
  truncated: boolean;
  /** What document.cookie shows at `url`. */
  cookie: string;
}

export type PageToFrame =
  | DocMessage
  | { t: "head"; id: number; status: number; statusText: string; headers: [string, string][]; url: string; redirected: boolean; cookie: string }
  | { t: "chunk"; id: number; bytes: ArrayBuffer }
  | { t: "end"; id: number; truncated: boolean }
  | { t: "fail"; id: number; message: string };

export interface FrameRequest {
  t: "req";
  id: number;
  url: string;
  method: string;
  headers: [string, string][];
  body: ArrayBuffer | null;
  mode: RequestMode;
  credentials: Credentials;
}

export interface NavigateMessage {
  t: "navigate";
  url: string;
  method: string;
  body: ArrayBuffer | null;
  contentType: string | null;
}

export type FrameToPage =
  | { t: "hello" }
  | FrameRequest
  | { t: "abort"; id: number }
  | NavigateMessage
  /** history.pushState / replaceState / a fragment link: the address bar follows. */
  | { t: "location"; url: string }
  /** document.cookie = … */
  | { t: "cookie"; value: string }
  /** The document is going away (pagehide): a reload, or a navigation by script that the page's CSP blocks. */
  | { t: "leaving" };

const isStr = (v: unknown): v is string => typeof v === "string";
const isId = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) >= 0;
const isBody = (v: unknown): v is ArrayBuffer | null => v === null || v instanceof ArrayBuffer;
const isHeaders = (v: unknown): v is [string, string][] => Array.isArray(v) && v.every((h) => Array.isArray(h) && h.length === 2 && isStr(h[0]) && isStr(h[1]));

/** A message from the frame, or null when it is not one of ours (the frame's code may send anything). */
export function parseFrameMessage(data: unknown): FrameToPage | null {
  if (typeof data !== "object" || data === null) return null;
  const m = data as Record<string, unknown>;
  switch (m.t) {
    case "hello":
    case "leaving":
      return { t: m.t };
    case "req":
      if (!isId(m.id) || !isStr(m.url) || !isStr(m.method) || !isHeaders(m.headers) || !isBody(m.body)) return null;
      if (!["cors", "no-cors", "same-origin"].includes(m.mode as string) || !["omit", "same-origin", "include"].includes(m.credentials as string)) return null;
      return {
        t: "req",
        id: m.id,
        url: m.url,
        method: m.method,
        headers: m.headers,
        body: m.body,
        mode: m.mode as RequestMode,
        credentials: m.credentials as Credentials,
      };
    case "abort":
      return isId(m.id) ? { t: "abort", id: m.id } : null;
    case "navigate":
      if (!isStr(m.url) || !isStr(m.method) || !isBody(m.body) || !(m.contentType === null || isStr(m.contentType))) return null;
      return { t: "navigate", url: m.url, method: m.method, body: m.body, contentType: m.contentType };
    case "location":
      return isStr(m.url) ? { t: "location", url: m.url } : null;
    case "cookie":
      return isStr(m.value) ? { t: "cookie", value: m.value } : null;
    default:
      return null;
  }
}

/** The page's first message to a new frame (window.postMessage, with the MessagePort). */
export const INIT_MESSAGE = "dockersandbox-preview-init";
