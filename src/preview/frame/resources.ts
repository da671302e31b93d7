/**
 * Sub-resources of the previewed document (stylesheets, scripts, pictures, fonts, media): fetched through the
 * bridge and handed to the document as blob: URLs, which are the only URLs the frame's CSP lets it load.
 * Stylesheets are rewritten first, so that their own url() and @import go the same way.
 */
import { rewriteCss } from "./css-urls";
import type { PortClient } from "./port-client";

export type ResourceKind = "style" | "script" | "other";

/** A blob: URL that fails to load: an element whose resource could not be had fires "error", as after a network error. */
export const DEAD_URL = (() => {
  const url = URL.createObjectURL(new Blob([]));
  URL.revokeObjectURL(url);
  return url;
})();

/** Types a stylesheet or script must have to be used; other resources keep the type the server gave. */
const FORCED_TYPE: Record<ResourceKind, string | null> = { style: "text/css", script: "text/javascript", other: null };

export class Resources {
  private cache = new Map<string, Promise<string | null>>();

  constructor(private readonly client: PortClient) {}

  /** A blob: URL with the resource at `url` (absolute), or null when it could not be fetched or was an error page. */
  blobUrl(url: string, kind: ResourceKind, importedBy: string[] = []): Promise<string | null> {
    if (importedBy.includes(url)) return Promise.resolve(null); // an @import cycle
    const key = `${kind} ${url}`;
    let p = this.cache.get(key);
    if (!p) {
      p = this.load(url, kind, importedBy).catch(() => null);
      this.cache.set(key, p);
    }
    return p;
  }

  private async load(url: string, kind: ResourceKind, importedBy: string[]): Promise<string | null> {
    const res = await this.client.request({ url, method: "GET", headers: [], body: null, mode: "no-cors", credentials: "include" });
    const bytes = await new Response(res.body).arrayBuffer();
    if (res.status < 200 || res.status >= 300) return null;
    const type = FORCED_TYPE[kind] ?? res.headers.find(([k]) => k.toLowerCase() === "content-type")?.[1] ?? "";
    if (kind !== "style") return URL.createObjectURL(new Blob([bytes], { type }));
    const css = await rewriteCss(new TextDecoder().decode(bytes), res.url, (u, isImport) =>
      this.blobUrl(u, isImport ? "style" : "other", isImport ? [...importedBy, url] : importedBy),
    );
    return URL.createObjectURL(new Blob([css], { type }));
  }
}
