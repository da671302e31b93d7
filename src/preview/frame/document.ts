/**
 * The previewed HTML document, made to load through the bridge. Before it is written into the frame: a <base> with
 * its guest URL (so relative URLs, document.baseURI and a.href are what the site expects), its scripts and
 * stylesheets fetched and swapped for blob: URLs (a browser fetches those before it goes on), pictures and media put
 * aside to load right after. After: the same for whatever its scripts add or change (a MutationObserver, and the
 * src/href setters of the elements that load things).
 */
import { fetchableUrl, formatSrcset, parseSrcset, rewriteCss } from "./css-urls";
import { DEAD_URL, type ResourceKind, type Resources } from "./resources";

const LAZY = "data-preview-lazy-";
const LAZY_ATTRS = ["src", "srcset", "poster", "href"];
/** <link rel> values that fetch by themselves and are only hints: dropped. */
const HINT_RELS = ["preload", "modulepreload", "prefetch", "preconnect", "dns-prefetch", "prerender", "manifest"];
const SVG = "http://www.w3.org/2000/svg";

/** How the resource an attribute names is used, or null when the attribute does not load anything. */
export function resourceKind(el: Element, attr: string): ResourceKind | null {
  const tag = el.localName;
  if (attr === "src") {
    if (tag === "script") return "script";
    if (tag === "input") return el.getAttribute("type")?.toLowerCase() === "image" ? "other" : null;
    return ["img", "source", "video", "audio", "track"].includes(tag) ? "other" : null;
  }
  if (attr === "poster") return tag === "video" ? "other" : null;
  if (attr === "href") {
    if (el.namespaceURI === SVG) return tag === "image" ? "other" : null;
    if (tag !== "link") return null;
    const rel = (el.getAttribute("rel") ?? "").toLowerCase().split(/\s+/);
    if (rel.includes("stylesheet")) return "style";
    return rel.includes("icon") || rel.includes("apple-touch-icon") ? "other" : null;
  }
  return null;
}

function doctypeOf(d: Document): string {
  const dt = d.doctype;
  if (!dt) return "";
  const pub = dt.publicId ? ` PUBLIC "${dt.publicId}"` : "";
  const sys = dt.systemId ? `${dt.publicId ? "" : " SYSTEM"} "${dt.systemId}"` : "";
  return `<!DOCTYPE ${dt.name}${pub}${sys}>`;
}

/** `<meta http-equiv="refresh" content="5; url=/next">`: seconds and absolute URL. */
export function parseRefresh(content: string, base: string): { seconds: number; url: string } | null {
  const m = /^\s*(\d+)(?:\.\d*)?\s*(?:[;,]\s*(?:url\s*=\s*)?(['"]?)(.*?)\2\s*)?$/i.exec(content);
  if (!m) return null;
  try {
    return { seconds: Number(m[1]), url: new URL(m[3] || base, base).href };
  } catch {
    return null;
  }
}

/** The document's text: the charset from Content-Type, else from a <meta> in its first 1024 bytes, else UTF-8. */
export function decodeHtml(bytes: Uint8Array, contentType: string): string {
  const head = new TextDecoder("latin1").decode(bytes.subarray(0, 1024));
  const label = /charset=["']?([\w.:-]+)/i.exec(contentType)?.[1] ?? /<meta[^>]+charset=["']?([\w.:-]+)/i.exec(head)?.[1] ?? "utf-8";
  try {
    return new TextDecoder(label).decode(bytes);
  } catch {
    return new TextDecoder().decode(bytes);
  }
}

export interface PreparedDocument {
  html: string;
  refresh: { seconds: number; url: string } | null;
}

/** The document's HTML, ready for document.write (see the module comment). */
export async function prepareDocument(html: string, docUrl: string, res: Resources): Promise<PreparedDocument> {
  const d = new DOMParser().parseFromString(html, "text/html");
  let base = docUrl;
  const pageBase = d.querySelector("base[href]")?.getAttribute("href");
  if (pageBase) base = URL.canParse(pageBase, docUrl) ? new URL(pageBase, docUrl).href : docUrl;
  d.querySelectorAll("base").forEach((b) => b.remove());
  const baseEl = d.createElement("base");
  baseEl.setAttribute("href", base);
  d.head.prepend(baseEl);

  let refresh: PreparedDocument["refresh"] = null;
  for (const meta of d.querySelectorAll("meta[http-equiv]")) {
    const equiv = meta.getAttribute("http-equiv")!.toLowerCase();
    // the page's own CSP would name its guest origin, which the frame is not: the frame's CSP applies instead
    if (equiv.startsWith("content-security-policy")) meta.remove();
    else if (equiv === "refresh") {
      refresh = parseRefresh(meta.getAttribute("content") ?? "", base);
      meta.remove();
    }
  }
  for (const link of d.querySelectorAll("link[rel]")) {
    if (
      link
        .getAttribute("rel")!
        .toLowerCase()
        .split(/\s+/)
        .some((r) => HINT_RELS.includes(r))
    )
      link.remove();
  }
  for (const frame of d.querySelectorAll("iframe[src], frame[src]")) {
    const src = frame.getAttribute("src")!;
    frame.removeAttribute("src");
    const note = d.createElement("p");
    note.textContent = `(nested frame not previewed: ${src})`;
    frame.setAttribute("srcdoc", `<p style="font:13px sans-serif;color:#666">${note.innerHTML}</p>`);
  }

  const css = (text: string) => rewriteCss(text, base, (u, isImport) => res.blobUrl(u, isImport ? "style" : "other"));
  const swap = async (el: Element, attr: string, kind: ResourceKind) => {
    const url = fetchableUrl(el.getAttribute(attr) ?? "", base);
    if (url) el.setAttribute(attr, (await res.blobUrl(url, kind)) ?? DEAD_URL);
  };
  const jobs: Promise<unknown>[] = [];
  for (const el of d.querySelectorAll("script[src]")) jobs.push(swap(el, "src", "script"));
  for (const el of d.querySelectorAll("link[href]")) if (resourceKind(el, "href") === "style") jobs.push(swap(el, "href", "style"));
  for (const el of d.querySelectorAll("style")) jobs.push(css(el.textContent ?? "").then((t) => (el.textContent = t)));
  for (const el of d.querySelectorAll('[style*="url("]')) jobs.push(css(el.getAttribute("style")!).then((t) => el.setAttribute("style", t)));
  await Promise.all(jobs);

  for (const el of d.querySelectorAll("img, source, video, audio, track, input, link, image")) {
    for (const attr of LAZY_ATTRS) {
      const value = el.getAttribute(attr) ?? (attr === "href" ? el.getAttribute("xlink:href") : null);
      if (value === null || (attr !== "srcset" && resourceKind(el, attr) !== "other")) continue;
      el.setAttribute(LAZY + attr, value);
      el.removeAttribute(attr);
      if (attr === "href") el.removeAttribute("xlink:href");
    }
  }
  return { html: doctypeOf(d) + d.documentElement.outerHTML, refresh };
}

/**
 * Keeps the live document's resources coming through the bridge: what prepareDocument put aside, and what the
 * page's scripts add or change later. Call before the document is written.
 */
export function keepResourcesFlowing(res: Resources): void {
  const nativeSetAttribute = Element.prototype.setAttribute;
  const setAttr = (el: Element, name: string, value: string) => nativeSetAttribute.call(el, name, value);
  /** URLs being fetched for an element's attribute (the property getters answer with them meanwhile). */
  const pending = new WeakMap<Element, Map<string, string>>();

  const load = (el: Element, attr: string, url: string, kind: ResourceKind) => {
    const forEl = pending.get(el) ?? new Map<string, string>();
    forEl.set(attr, url);
    pending.set(el, forEl);
    void res.blobUrl(url, kind).then((blob) => {
      if (forEl.get(attr) !== url) return; // set again meanwhile
      forEl.delete(attr);
      setAttr(el, attr, blob ?? DEAD_URL);
    });
  };

  /** Sets a resource attribute the way the page asked, but through the bridge; false when it is not one. */
  const setResource = (el: Element, attr: string, value: string): boolean => {
    if (el.ownerDocument !== document) return false; // e.g. a DOMParser document: it loads nothing
    const kind = resourceKind(el, attr);
    const url = kind && fetchableUrl(value, document.baseURI);
    if (!kind || !url) return false;
    load(el, attr, url, kind);
    return true;
  };

  const rewriteAttr = (el: Element, attr: string) => {
    const value = el.getAttribute(attr);
    if (value === null) return;
    if (attr === "style") {
      if (!/url\(/i.test(value)) return;
      void rewriteCss(value, document.baseURI, (u, isImport) => res.blobUrl(u, isImport ? "style" : "other")).then((css) => {
        if (css !== value && el.getAttribute("style") === value) setAttr(el, "style", css);
      });
      return;
    }
    if (attr === "srcset") {
      void srcsetThroughBridge(value).then((done) => {
        if (done && el.getAttribute("srcset") === value) setAttr(el, "srcset", done);
      });
      return;
    }
    const kind = resourceKind(el, attr);
    const url = kind && fetchableUrl(value, document.baseURI);
    if (!kind || !url || pending.get(el)?.get(attr) === url) return;
    if (kind === "script" && el.isConnected) {
      // inserted with its http src (e.g. parsed from HTML): that load was refused; a copy loads it through the bridge
      const copy = document.createElement("script");
      for (const a of el.attributes) if (a.name !== "src") setAttr(copy, a.name, a.value);
      copy.text = (el as HTMLScriptElement).text;
      el.replaceWith(copy);
      load(copy, "src", url, kind);
      return;
    }
    load(el, attr, url, kind);
  };

  /** A srcset with blob: URLs, or null when it names nothing to fetch. */
  const srcsetThroughBridge = async (value: string): Promise<string | null> => {
    const items = parseSrcset(value);
    if (!items.some((c) => fetchableUrl(c.url, document.baseURI))) return null;
    const done = await Promise.all(
      items.map(async (c) => {
        const url = fetchableUrl(c.url, document.baseURI);
        return { ...c, url: url ? ((await res.blobUrl(url, "other")) ?? DEAD_URL) : c.url };
      }),
    );
    return formatSrcset(done);
  };

  const rewriteStyleElement = (el: HTMLStyleElement) => {
    const text = el.textContent ?? "";
    if (!/url\(|@import/i.test(text)) return;
    void rewriteCss(text, document.baseURI, (u, isImport) => res.blobUrl(u, isImport ? "style" : "other")).then((css) => {
      if (css !== text && el.textContent === text) el.textContent = css;
    });
  };

  const rewriteTree = (root: Element) => {
    for (const el of [root, ...root.querySelectorAll("*")]) {
      for (const a of [...el.attributes]) {
        if (a.name.startsWith(LAZY)) {
          el.removeAttribute(a.name);
          const attr = a.name.slice(LAZY.length);
          if (attr === "srcset") void srcsetThroughBridge(a.value).then((v) => setAttr(el, "srcset", v ?? a.value));
          else if (!setResource(el, attr, a.value)) setAttr(el, attr, a.value);
        } else if (["src", "srcset", "poster", "href", "style"].includes(a.name)) rewriteAttr(el, a.name);
      }
      if (el instanceof HTMLStyleElement) rewriteStyleElement(el);
    }
  };

  new MutationObserver((records) => {
    for (const r of records) {
      if (r.type === "attributes" && r.target instanceof Element) rewriteAttr(r.target, r.attributeName!);
      else if (r.type === "childList") {
        if (r.target instanceof HTMLStyleElement) rewriteStyleElement(r.target);
        for (const n of r.addedNodes) if (n instanceof Element) rewriteTree(n);
      }
    }
  }).observe(document, { childList: true, subtree: true, attributes: true, attributeFilter: ["src", "srcset", "poster", "href", "style"] });

  // el.src = … and setAttribute("src", …) on elements that load: fetched through the bridge before the element sees a URL
  Element.prototype.setAttribute = function setAttribute(this: Element, name: string, value: string) {
    if (!setResource(this, name.toLowerCase(), String(value))) setAttr(this, name, value);
  };
  const props: [{ prototype: Element }, string][] = [
    [HTMLScriptElement, "src"],
    [HTMLImageElement, "src"],
    [HTMLSourceElement, "src"],
    [HTMLMediaElement, "src"],
    [HTMLTrackElement, "src"],
    [HTMLInputElement, "src"],
    [HTMLVideoElement, "poster"],
    [HTMLLinkElement, "href"],
  ];
  for (const [cls, prop] of props) {
    const native = Object.getOwnPropertyDescriptor(cls.prototype, prop);
    if (!native?.get || !native.set) continue;
    Object.defineProperty(cls.prototype, prop, {
      configurable: true,
      enumerable: native.enumerable,
      get(this: Element) {
        return pending.get(this)?.get(prop) ?? native.get!.call(this);
      },
      set(this: Element, value: unknown) {
        if (!setResource(this, prop, String(value))) native.set!.call(this, value);
      },
    });
  }
}
