/**
 * The previewed sites' cookies (RFC 6265, host-only: the VM's sites are plain http on one host). The jar lives in
 * the page's memory for the VM's session; it is never written to storage and never seen by the page's own origin.
 */
interface Cookie {
  name: string;
  value: string;
  path: string;
  /** ms since epoch; undefined for a session cookie. */
  expires?: number;
  httpOnly: boolean;
}

function defaultPath(url: URL): string {
  const p = url.pathname;
  if (!p.startsWith("/") || p.lastIndexOf("/") === 0) return "/";
  return p.slice(0, p.lastIndexOf("/"));
}

function pathMatches(cookiePath: string, requestPath: string): boolean {
  if (requestPath === cookiePath) return true;
  if (!requestPath.startsWith(cookiePath)) return false;
  return cookiePath.endsWith("/") || requestPath[cookiePath.length] === "/";
}

export class CookieJar {
  private byHost = new Map<string, Cookie[]>();

  constructor(private readonly now: () => number = () => Date.now()) {}

  /** One Set-Cookie header value (or a document.cookie assignment when `fromDocument`). */
  set(url: string, line: string, fromDocument = false): void {
    const u = new URL(url);
    const [pair = "", ...attrs] = line.split(";");
    const eq = pair.indexOf("=");
    const name = (eq < 0 ? "" : pair.slice(0, eq)).trim();
    const value = (eq < 0 ? pair : pair.slice(eq + 1)).trim();
    if (!name && !value) return;
    const cookie: Cookie = { name, value, path: defaultPath(u), httpOnly: false };
    let maxAge: number | undefined;
    for (const attr of attrs) {
      const i = attr.indexOf("=");
      const key = (i < 0 ? attr : attr.slice(0, i)).trim().toLowerCase();
      const val = i < 0 ? "" : attr.slice(i + 1).trim();
      if (key === "path" && val.startsWith("/")) cookie.path = val;
      else if (key === "max-age" && /^-?\d+$/.test(val)) maxAge = Number(val);
      else if (key === "expires" && !Number.isNaN(Date.parse(val))) cookie.expires = Date.parse(val);
      else if (key === "httponly") cookie.httpOnly = true;
      else if (key === "secure") return; // a plain-http site cannot set a Secure cookie
    }
    if (maxAge !== undefined) cookie.expires = this.now() + maxAge * 1000;
    const current = this.byHost.get(u.hostname) ?? [];
    const old = current.find((c) => c.name === cookie.name && c.path === cookie.path);
    if (fromDocument && (cookie.httpOnly || old?.httpOnly)) return; // scripts neither set nor replace HttpOnly cookies
    const list = current.filter((c) => c !== old);
    if (cookie.expires === undefined || cookie.expires > this.now()) list.push(cookie);
    this.byHost.set(u.hostname, list);
  }

  /** The Cookie request header for `url` ("" when none). */
  header(url: string): string {
    return this.matching(url, true);
  }

  /** What document.cookie shows at `url` (no HttpOnly cookies). */
  documentCookie(url: string): string {
    return this.matching(url, false);
  }

  private matching(url: string, withHttpOnly: boolean): string {
    const u = new URL(url);
    const now = this.now();
    const live = (this.byHost.get(u.hostname) ?? []).filter((c) => c.expires === undefined || c.expires > now);
    this.byHost.set(u.hostname, live);
    return live
      .filter((c) => (withHttpOnly || !c.httpOnly) && pathMatches(c.path, u.pathname))
      .sort((a, b) => b.path.length - a.path.length)
      .map((c) => (c.name ? `${c.name}=${c.value}` : c.value))
      .join("; ");
  }
}
