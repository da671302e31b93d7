/**
 * How the previewed document leaves itself or changes its URL: links, form submissions (also form.submit()),
 * history.pushState/replaceState and <meta http-equiv="refresh">. A browser would navigate the frame; here the
 * page does (it fetches the next document inside the VM and gives it a new frame), so each becomes a navigate
 * message. Also document.cookie (the frame's opaque origin has none) and the "leaving" signal.
 */
import type { NavigateMessage } from "../protocol";
import type { PortClient } from "./port-client";

const enc = new TextEncoder();
const isHttp = (u: URL) => u.protocol === "http:" || u.protocol === "https:";

/** document.cookie after the page assigns `line` (name=value; attributes): what the frame shows until the next response. */
export function assignCookie(view: string, line: string, now = Date.now()): string {
  const [pair = "", ...attrs] = line.split(";");
  if (attrs.some((a) => /^\s*httponly\s*$/i.test(a))) return view;
  const eq = pair.indexOf("=");
  const name = (eq < 0 ? "" : pair.slice(0, eq)).trim();
  const value = (eq < 0 ? pair : pair.slice(eq + 1)).trim();
  const expired = attrs.some((a) => {
    const [k = "", v = ""] = a.split("=").map((x) => x.trim());
    return (/^max-age$/i.test(k) && Number(v) <= 0) || (/^expires$/i.test(k) && Date.parse(v) <= now);
  });
  const kept = view.split(/;\s*/).filter((c) => c && (c.includes("=") ? c.slice(0, c.indexOf("=")) : "") !== name);
  if (!expired) kept.push(name ? `${name}=${value}` : value);
  return kept.join("; ");
}

export class FrameNavigation {
  constructor(
    private readonly client: PortClient,
    /** The document's URL as the site sees it (the frame's own is about:srcdoc). */
    public url: string,
  ) {}

  navigate(url: string, method = "GET", body: ArrayBuffer | null = null, contentType: string | null = null): void {
    const m: NavigateMessage = { t: "navigate", url, method, body, contentType };
    this.client.send(m, body ? [body] : []);
  }

  /** The address bar follows a URL change within the document (pushState, a fragment link). */
  setUrl(url: string): void {
    const base = document.querySelector("base");
    if (base?.getAttribute("href") === this.url) base.setAttribute("href", url);
    this.url = url;
    this.client.send({ t: "location", url });
  }

  /** Installs everything; call after document.open() (which removes the window's listeners) and before writing. */
  install(): void {
    window.addEventListener("click", (e) => this.onClick(e));
    window.addEventListener("submit", (e) => {
      const form = e.target;
      if (e.defaultPrevented || !(form instanceof HTMLFormElement) || this.formAttr(form, e.submitter, "method") === "dialog") return;
      e.preventDefault();
      void this.submit(form, e.submitter);
    });
    window.addEventListener("pagehide", () => this.client.send({ t: "leaving" }));
    const nav = this;
    HTMLFormElement.prototype.submit = function submit(this: HTMLFormElement) {
      void nav.submit(this, null);
    };
    for (const name of ["pushState", "replaceState"] as const) {
      const native = history[name].bind(history);
      history[name] = function (data: unknown, unused: string, url?: string | URL | null) {
        let next: string | null = null;
        if (url !== undefined && url !== null) {
          const u = new URL(String(url), document.baseURI);
          const origin = new URL(nav.url).origin;
          if (u.origin !== origin)
            throw new DOMException(`A history state object with URL '${u.href}' cannot be created in a document with origin '${origin}'.`, "SecurityError");
          next = u.href;
        }
        native(data, unused);
        if (next) nav.setUrl(next);
      };
    }
  }

  /** document.cookie, mirrored from the page's cookie jar (the frame's opaque origin has no cookies of its own). */
  installCookie(): void {
    const client = this.client;
    Object.defineProperty(document, "cookie", {
      configurable: true,
      get: () => client.cookie,
      set: (v: unknown) => {
        client.cookie = assignCookie(client.cookie, String(v));
        client.send({ t: "cookie", value: String(v) });
      },
    });
  }

  private onClick(e: MouseEvent): void {
    if (e.defaultPrevented || e.button !== 0) return;
    const a = e.composedPath().find((n) => n instanceof HTMLAnchorElement || n instanceof HTMLAreaElement || n instanceof SVGAElement);
    if (!a) return;
    const raw = a instanceof SVGAElement ? a.href.animVal : (a as HTMLAnchorElement).getAttribute("href");
    if (raw === null || !URL.canParse(raw, document.baseURI)) return;
    const url = new URL(raw, document.baseURI);
    if (url.protocol === "javascript:") return; // runs in the frame, as in a browser
    e.preventDefault();
    if (!isHttp(url) || (a as Element).hasAttribute("download")) return;
    // a fragment ("#x", also a bare "#") of this same document: no new document
    if (url.href.includes("#") && url.href.split("#")[0] === this.url.split("#")[0]) {
      location.hash = url.hash; // same document: scrolls, :target and hashchange as usual
      this.setUrl(url.href);
      return;
    }
    this.navigate(url.href);
  }

  private formAttr(form: HTMLFormElement, submitter: HTMLElement | null, name: string): string | null {
    const value = submitter?.getAttribute(`form${name}`) ?? form.getAttribute(name);
    return value === null ? null : value.toLowerCase();
  }

  /** Submits `form` as a browser would, as a navigate message. */
  async submit(form: HTMLFormElement, submitter: HTMLElement | null): Promise<void> {
    const method = this.formAttr(form, submitter, "method") === "post" ? "POST" : "GET";
    const action = submitter?.getAttribute("formaction") ?? form.getAttribute("action");
    const url = new URL(action || this.url, document.baseURI);
    if (!isHttp(url)) return;
    let data: FormData;
    try {
      data = new FormData(form, submitter);
    } catch {
      data = new FormData(form);
    }
    const pairs = [...data].map(([k, v]): [string, string] => [k, typeof v === "string" ? v : v.name]);
    if (method === "GET") {
      url.search = new URLSearchParams(pairs).toString();
      return this.navigate(url.href);
    }
    const enctype = this.formAttr(form, submitter, "enctype");
    if (enctype === "multipart/form-data") {
      const r = new Request(url, { method: "POST", body: data });
      return this.navigate(url.href, "POST", await r.arrayBuffer(), r.headers.get("content-type"));
    }
    if (enctype === "text/plain") {
      const text = pairs.map(([k, v]) => `${k}=${v}\r\n`).join("");
      return this.navigate(url.href, "POST", enc.encode(text).buffer as ArrayBuffer, "text/plain");
    }
    return this.navigate(url.href, "POST", enc.encode(new URLSearchParams(pairs).toString()).buffer as ArrayBuffer, "application/x-www-form-urlencoded");
  }
}
