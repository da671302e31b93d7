/**
 * How `docker run` flags are written (`-p 8080:80`, `-v /opt:/opt`, `--memory=500m`, `--restart always`)
 * and image references (`nginx` = `docker.io/library/nginx:latest`), parsed so checks compare what the
 * engine reports with what the teacher wrote.
 */

/** The canonical form of an image reference, for comparing: `docker.io/library/nginx:latest`. IDs stay as they are. */
export function normalizeImageRef(ref: string): string {
  let r = ref.trim();
  if (/^sha256:[0-9a-f]+$/i.test(r) || /^[0-9a-f]{12,64}$/i.test(r)) return r.toLowerCase();
  let digest = "";
  const at = r.indexOf("@");
  if (at >= 0) {
    digest = r.slice(at);
    r = r.slice(0, at);
  }
  const slash = r.indexOf("/");
  const first = slash >= 0 ? r.slice(0, slash) : "";
  let domain = "docker.io";
  let rest = r;
  if (slash >= 0 && (first.includes(".") || first.includes(":") || first === "localhost")) {
    domain = first;
    rest = r.slice(slash + 1);
  }
  if (domain === "index.docker.io") domain = "docker.io";
  const lastSlash = rest.lastIndexOf("/");
  const colon = rest.lastIndexOf(":");
  let tag = "";
  if (colon > lastSlash) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
  }
  if (domain === "docker.io" && !rest.includes("/")) rest = "library/" + rest;
  if (!tag && !digest) tag = "latest";
  return `${domain}/${rest}${tag ? ":" + tag : ""}${digest}`;
}

export function sameImageRef(a: string, b: string): boolean {
  return normalizeImageRef(a) === normalizeImageRef(b);
}

export function isValidImageRef(ref: string): boolean {
  return /^[a-z0-9][a-z0-9._\-/:@]*$/i.test(ref.trim()) && !/\s/.test(ref.trim());
}

export interface PortSpec {
  hostIp?: string;
  hostPort?: string;
  containerPort: string;
  proto: string;
}

/** `8080:80`, `8080:80/tcp`, `127.0.0.1:8080:80`, `80` (published on any host port). */
export function parsePortSpec(spec: string): PortSpec | undefined {
  const m = /^(?:(\d{1,3}(?:\.\d{1,3}){3}|\[[0-9a-fA-F:]+\]):)?(?:(\d{1,5}):)?(\d{1,5})(?:\/(tcp|udp|sctp))?$/.exec(spec.trim());
  if (!m) return undefined;
  const out: PortSpec = { containerPort: m[3]!, proto: m[4] ?? "tcp" };
  if (m[1]) out.hostIp = m[1].replace(/^\[|\]$/g, "");
  if (m[2]) out.hostPort = m[2];
  return out;
}

export interface MountSpec {
  source?: string;
  destination: string;
  /** "ro" or "rw" when written. */
  mode?: "ro" | "rw";
}

/** `/opt:/opt`, `/opt/mysql/:/var/lib/mysql`, `myvolume:/data`, `/data`, `/opt:/opt:ro`. */
export function parseMountSpec(spec: string): MountSpec | undefined {
  const parts = spec.trim().split(":");
  if (parts.some((p) => p === "")) return undefined;
  let source: string | undefined;
  let destination: string;
  let mode: string | undefined;
  if (parts.length === 1) destination = parts[0]!;
  else if (parts.length === 2) [source, destination] = parts as [string, string];
  else if (parts.length === 3) [source, destination, mode] = parts as [string, string, string];
  else return undefined;
  if (!destination.startsWith("/")) return undefined;
  if (mode !== undefined && mode !== "ro" && mode !== "rw") return undefined;
  const out: MountSpec = { destination: cleanPath(destination) };
  if (source !== undefined) out.source = source.startsWith("/") ? cleanPath(source) : source;
  if (mode) out.mode = mode as "ro" | "rw";
  return out;
}

/** `/opt/mysql/` → `/opt/mysql` (what the engine stores). */
export function cleanPath(p: string): string {
  const c = p.replace(/\/+/g, "/").replace(/\/$/, "");
  return c === "" ? "/" : c;
}

/** Bytes of a `--memory` value as Docker reads it: binary units, `500m` = 500 MiB. */
export function parseMemory(spec: string | number): number | undefined {
  if (typeof spec === "number") return Number.isFinite(spec) && spec >= 0 ? Math.floor(spec) : undefined;
  const m = /^(\d+(?:\.\d+)?)\s*([bkmgtp])?b?$/i.exec(spec.trim());
  if (!m) return undefined;
  const unit = (m[2] ?? "b").toLowerCase();
  const power = "bkmgtp".indexOf(unit);
  return Math.floor(Number(m[1]) * 1024 ** power);
}

export const RESTART_POLICIES = ["no", "always", "unless-stopped", "on-failure"] as const;

export interface RestartSpec {
  name: string;
  maxRetries?: number;
}

/** `always`, `unless-stopped`, `on-failure`, `on-failure:3`, `no`. */
export function parseRestart(spec: string): RestartSpec | undefined {
  const m = /^(no|always|unless-stopped|on-failure)(?::(\d+))?$/.exec(spec.trim());
  if (!m || (m[2] && m[1] !== "on-failure")) return undefined;
  return m[2] ? { name: m[1]!, maxRetries: Number(m[2]) } : { name: m[1]! };
}
