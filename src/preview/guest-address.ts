/**
 * Which addresses the preview can reach: the VM's own host names, over http. Everything else is answered the way a
 * browser without a network would answer, without leaving the page.
 */
import { HOST_IP } from "../store/engine-store";

/** Host names that name the VM itself (the tutorial's host address first). */
export const GUEST_HOSTS: readonly string[] = [HOST_IP, "127.0.0.1", "localhost"];

/** The address a published port is previewed at, as the seed's browser would open it. */
export function homeUrl(port: number): string {
  return `http://${HOST_IP}:${port}/`;
}

/** True for an http:// URL whose host is the VM. */
export function isGuestUrl(url: string | URL): boolean {
  let u: URL;
  try {
    u = typeof url === "string" ? new URL(url) : url;
  } catch {
    return false;
  }
  return u.protocol === "http:" && GUEST_HOSTS.includes(u.hostname) && !u.username && !u.password;
}

export type AddressResult = { ok: true; url: string } | { ok: false; reason: "not-http" | "not-guest" | "invalid" };

/**
 * What the learner typed in the address bar, as a URL: "172.21.51.143:9001/x", "localhost:8080", "/path" (on the
 * current site), or a full http:// URL. Only the VM's addresses are accepted.
 */
export function parseAddress(input: string, current: string): AddressResult {
  const text = input.trim();
  if (!text) return { ok: false, reason: "invalid" };
  let u: URL;
  try {
    if (text.startsWith("/") || text.startsWith("?") || text.startsWith("#")) u = new URL(text, current);
    else if (/^[a-z][a-z0-9+.-]*:\/\//i.test(text)) u = new URL(text);
    else u = new URL(`http://${text}`);
  } catch {
    return { ok: false, reason: "invalid" };
  }
  if (u.protocol !== "http:") return { ok: false, reason: "not-http" };
  if (!isGuestUrl(u)) return { ok: false, reason: "not-guest" };
  return { ok: true, url: u.href };
}
