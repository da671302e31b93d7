/** Test-only: web servers "in the VM" behind a scripted GuestApi.httpStream. Never imported by the product. */
import type { GuestApi, GuestHttpStream } from "../vm/guest-api";

export interface SiteReply {
  status?: number;
  statusText?: string;
  headers?: [string, string][];
  body?: string | Uint8Array;
  /** The body in these pieces (streamed). */
  pieces?: (string | Uint8Array)[];
}

export interface SeenRequest {
  url: string;
  method: string;
  headers: Record<string, string>;
  body?: string;
}

type Route = SiteReply | ((req: SeenRequest) => SiteReply) | Error;

const enc = new TextEncoder();
const bytes = (b: string | Uint8Array) => (typeof b === "string" ? enc.encode(b) : b);

/** `routes` by full URL ("http://172.21.51.143:9001/x"); an unknown URL is refused like a closed port. */
export function fakeSite(routes: Record<string, Route>) {
  const seen: SeenRequest[] = [];
  let closed = 0;
  const guest = {
    async httpStream(url: string, init: { method?: string; headers?: Record<string, string>; body?: Uint8Array } = {}): Promise<GuestHttpStream> {
      const req: SeenRequest = { url, method: init.method ?? "GET", headers: init.headers ?? {}, body: init.body && new TextDecoder().decode(init.body) };
      seen.push(req);
      const route = routes[url];
      if (route === undefined) throw new Error(`connect tcp:${new URL(url).host}: Connection refused`);
      if (route instanceof Error) throw route;
      const r = typeof route === "function" ? route(req) : route;
      const pieces = (r.pieces ?? (r.body === undefined ? [] : [r.body])).map(bytes);
      const headers: Record<string, string> = {};
      for (const [k, v] of r.headers ?? []) headers[k.toLowerCase()] = v;
      let done = false;
      return {
        status: r.status ?? 200,
        statusText: r.statusText ?? "OK",
        headers,
        raw: r.headers ?? [],
        read: async () => (done ? null : (pieces.shift() ?? null)),
        close: () => {
          if (!done) closed++;
          done = true;
        },
      };
    },
  } as unknown as GuestApi;
  return { guest, seen, closedCount: () => closed };
}
