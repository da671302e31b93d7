/**
 * fetch, XMLHttpRequest and navigator.sendBeacon for the previewed page's scripts, carried over the bridge (the
 * frame's CSP blocks the browser's own requests to http URLs). blob: and data: URLs still use the browser's fetch.
 */
import { networkError, type BridgeResponse, type PortClient } from "./port-client";
import type { Credentials, RequestMode } from "../protocol";

const isHttp = (url: string) => /^https?:/i.test(url);
const NULL_BODY_STATUS = [101, 103, 204, 205, 304];

/** The Response a browser's fetch would give for a bridge response. */
function toResponse(r: BridgeResponse): Response {
  if (r.status < 200 || r.status > 599) {
    void r.body.cancel();
    throw networkError();
  }
  const headers = new Headers();
  for (const [k, v] of r.headers) {
    try {
      headers.append(k, v);
    } catch {
      /* a header name or value the Headers class refuses is left out */
    }
  }
  const nullBody = NULL_BODY_STATUS.includes(r.status);
  if (nullBody) void r.body.cancel();
  const statusText = /^[\t\x20-\x7e\x80-\xff]*$/.test(r.statusText) ? r.statusText : "";
  const res = new Response(nullBody ? null : r.body, { status: r.status, statusText, headers });
  Object.defineProperties(res, { url: { value: r.url }, redirected: { value: r.redirected } });
  return res;
}

export function installNetworkShims(client: PortClient): void {
  const nativeFetch = window.fetch.bind(window);

  /** One request as the page's code made it: through the bridge for http(s), the browser's fetch for blob:/data:. */
  async function send(req: Request, mode: RequestMode, credentials: Credentials): Promise<BridgeResponse> {
    if (!isHttp(req.url)) {
      const r = await nativeFetch(req);
      return { status: r.status, statusText: r.statusText, headers: [...r.headers], url: r.url, redirected: false, body: r.body ?? new Response("").body! };
    }
    const body = req.method === "GET" || req.method === "HEAD" ? null : await req.arrayBuffer();
    return client.request({ url: req.url, method: req.method, headers: [...req.headers], body, mode, credentials, signal: req.signal });
  }

  window.fetch = async function fetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
    const req = new Request(input, init);
    const mode: RequestMode = req.mode === "no-cors" || req.mode === "same-origin" ? req.mode : "cors";
    return toResponse(await send(req, mode, req.credentials));
  };

  if (navigator.sendBeacon) {
    navigator.sendBeacon = function sendBeacon(url: string | URL, data?: BodyInit | null): boolean {
      const req = new Request(new URL(String(url), document.baseURI), { method: "POST", body: data ?? null });
      send(req, "no-cors", "include").then(
        (r) => r.body.cancel(),
        () => {},
      );
      return true;
    };
  }

  window.XMLHttpRequest = createXhrClass(send) as unknown as typeof XMLHttpRequest;
}

type Send = (req: Request, mode: RequestMode, credentials: Credentials) => Promise<BridgeResponse>;
type Handler = ((this: unknown, ev: Event) => unknown) | null;

const invalidState = (what: string) =>
  new DOMException(`Failed to execute '${what}' on 'XMLHttpRequest': the object's state must be OPENED.`, "InvalidStateError");

/** An XMLHttpRequest (asynchronous only) on top of `send`. */
function createXhrClass(send: Send) {
  return class XMLHttpRequest extends EventTarget {
    static readonly UNSENT = 0;
    static readonly OPENED = 1;
    static readonly HEADERS_RECEIVED = 2;
    static readonly LOADING = 3;
    static readonly DONE = 4;
    readonly UNSENT = 0;
    readonly OPENED = 1;
    readonly HEADERS_RECEIVED = 2;
    readonly LOADING = 3;
    readonly DONE = 4;

    readyState = 0;
    status = 0;
    statusText = "";
    responseURL = "";
    responseType: XMLHttpRequestResponseType = "";
    timeout = 0;
    withCredentials = false;
    readonly upload = new EventTarget();
    onreadystatechange: Handler = null;
    onloadstart: Handler = null;
    onprogress: Handler = null;
    onload: Handler = null;
    onerror: Handler = null;
    onabort: Handler = null;
    ontimeout: Handler = null;
    onloadend: Handler = null;

    #method = "GET";
    #url = "";
    #headers: [string, string][] = [];
    #responseHeaders: [string, string][] = [];
    #parts: Uint8Array[] = [];
    #joined: Uint8Array | null = null;
    #mime: string | null = null;
    #controller: AbortController | null = null;
    #sent = false;
    #timedOut = false;

    open(method: string, url: string | URL, async = true): void {
      if (async === false) throw new DOMException("Synchronous XMLHttpRequest is not available in the preview", "InvalidAccessError");
      this.#controller?.abort();
      this.#method = method;
      this.#url = new URL(String(url), document.baseURI).href;
      this.#headers = [];
      this.#responseHeaders = [];
      this.#setBody([]);
      this.#sent = false;
      this.#timedOut = false;
      this.status = 0;
      this.statusText = "";
      this.responseURL = "";
      this.#state(1);
    }

    setRequestHeader(name: string, value: string): void {
      if (this.readyState !== 1 || this.#sent) throw invalidState("setRequestHeader");
      this.#headers.push([name, String(value)]);
    }

    overrideMimeType(mime: string): void {
      this.#mime = mime;
    }

    getResponseHeader(name: string): string | null {
      if (this.readyState < 2) return null;
      const values = this.#responseHeaders.filter(([k]) => k.toLowerCase() === name.toLowerCase()).map(([, v]) => v);
      return values.length ? values.join(", ") : null;
    }

    getAllResponseHeaders(): string {
      if (this.readyState < 2) return "";
      return this.#responseHeaders.map(([k, v]) => `${k.toLowerCase()}: ${v}\r\n`).join("");
    }

    send(body?: Document | XMLHttpRequestBodyInit | null): void {
      if (this.readyState !== 1 || this.#sent) throw invalidState("send");
      this.#sent = true;
      const noBody = this.#method.toUpperCase() === "GET" || this.#method.toUpperCase() === "HEAD";
      const payload = noBody || body == null ? null : body instanceof Document ? new XMLSerializer().serializeToString(body) : body;
      const controller = new AbortController();
      this.#controller = controller;
      const req = new Request(this.#url, { method: this.#method, headers: this.#headers, body: payload, signal: controller.signal });
      this.#progress("loadstart", 0, 0);
      if (this.timeout > 0) {
        setTimeout(() => {
          if (this.#controller !== controller || this.readyState === 4) return;
          this.#timedOut = true;
          controller.abort();
        }, this.timeout);
      }
      void this.#run(req, controller);
    }

    abort(): void {
      const controller = this.#controller;
      if (!controller || this.readyState === 4 || !this.#sent) return;
      this.#controller = null;
      controller.abort();
      this.#finish("abort");
    }

    get responseText(): string {
      if (this.responseType !== "" && this.responseType !== "text")
        throw new DOMException("responseText is only available if responseType is '' or 'text'", "InvalidStateError");
      return new TextDecoder(this.#charset()).decode(this.#body());
    }

    get response(): unknown {
      if (this.responseType === "" || this.responseType === "text") return this.responseText;
      if (this.readyState !== 4) return null;
      const type = this.#mime ?? this.getResponseHeader("content-type") ?? "";
      switch (this.responseType) {
        case "arraybuffer":
          return this.#body().slice().buffer;
        case "blob":
          return new Blob([this.#body().slice()], { type });
        case "json":
          try {
            return JSON.parse(new TextDecoder().decode(this.#body()));
          } catch {
            return null;
          }
        case "document":
          return this.#parse(type);
      }
      return null;
    }

    get responseXML(): Document | null {
      if (this.readyState !== 4 || (this.responseType !== "" && this.responseType !== "document")) return null;
      return this.#parse(this.#mime ?? this.getResponseHeader("content-type") ?? "");
    }

    #parse(type: string): Document | null {
      const essence = type.split(";")[0]!.trim().toLowerCase();
      const text = new TextDecoder(this.#charset()).decode(this.#body());
      if (essence === "text/html") return this.responseType === "document" ? new DOMParser().parseFromString(text, "text/html") : null;
      if (!/xml/.test(essence)) return null;
      const doc = new DOMParser().parseFromString(text, "application/xml");
      return doc.querySelector("parsererror") ? null : doc;
    }

    #charset(): string {
      const m = /charset=["']?([\w.:-]+)/i.exec(this.#mime ?? this.getResponseHeader("content-type") ?? "");
      try {
        return new TextDecoder(m?.[1] ?? "utf-8").encoding;
      } catch {
        return "utf-8";
      }
    }

    async #run(req: Request, controller: AbortController): Promise<void> {
      try {
        const r = await send(req, "cors", this.withCredentials ? "include" : "same-origin");
        if (this.#controller !== controller) return void r.body.cancel();
        this.status = r.status;
        this.statusText = r.statusText;
        this.responseURL = r.url;
        this.#responseHeaders = r.headers;
        this.#state(2);
        const total = Number(this.getResponseHeader("content-length")) || 0;
        const reader = r.body.getReader();
        let loaded = 0;
        for (;;) {
          const { done, value } = await reader.read();
          if (this.#controller !== controller) return;
          if (done) break;
          this.#parts.push(value);
          this.#joined = null;
          loaded += value.length;
          this.#state(3);
          this.#progress("progress", loaded, total);
        }
        this.#controller = null;
        this.#state(4);
        this.#progress("load", loaded, total);
        this.#progress("loadend", loaded, total);
      } catch {
        if (this.#controller !== controller) return; // aborted by abort()
        this.#controller = null;
        this.#finish(this.#timedOut ? "timeout" : "error");
      }
    }

    /** The end of a request that got no (whole) response: abort, timeout or network error. */
    #finish(type: "abort" | "timeout" | "error"): void {
      this.status = 0;
      this.statusText = "";
      this.#setBody([]);
      this.#responseHeaders = [];
      this.#state(4);
      this.#progress(type, 0, 0);
      this.#progress("loadend", 0, 0);
      if (type === "abort") this.readyState = 0;
    }

    #setBody(parts: Uint8Array[]): void {
      this.#parts = parts;
      this.#joined = null;
    }

    /** The body so far, joined when asked for (not per piece: a large response arrives in many). */
    #body(): Uint8Array {
      this.#joined ??= joinBytes(this.#parts);
      return this.#joined;
    }

    #state(n: number): void {
      this.readyState = n;
      this.#fire(new Event("readystatechange"));
    }

    #progress(type: string, loaded: number, total: number): void {
      this.#fire(new ProgressEvent(type, { lengthComputable: total > 0, loaded, total }));
    }

    #fire(ev: Event): void {
      this.dispatchEvent(ev);
      const handler = (this as unknown as Record<string, Handler>)[`on${ev.type}`];
      if (typeof handler === "function") handler.call(this, ev);
    }
  };
}

function joinBytes(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let off = 0;
  for (const p of parts) {
    out.set(p, off);
    off += p.length;
  }
  return out;
}
