/** The engine's JSON (Docker Engine API) turned into the rows the engine view shows. Pure. */

export interface ImageRow {
  /** "repo:tag", or "<none>:<none>" for an untagged image. */
  ref: string;
  shortId: string;
  size: number;
  created: number;
}

export interface PortRow {
  hostIp?: string;
  hostPort?: number;
  containerPort: number;
  proto: string;
}

export interface ContainerRow {
  id: string;
  shortId: string;
  name: string;
  image: string;
  state: string;
  status: string;
  ports: PortRow[];
  /** "source:destination[:ro]" */
  mounts: string[];
}

export interface VolumeRow {
  name: string;
  driver: string;
  mountpoint: string;
}

export interface PublishedPort {
  port: number;
  container: string;
  containerId: string;
  containerPort: number;
}

type Json = Record<string, unknown>;
const arr = (v: unknown): Json[] => (Array.isArray(v) ? (v.filter((x) => x && typeof x === "object") as Json[]) : []);
const str = (v: unknown, d = ""): string => (typeof v === "string" ? v : d);
const num = (v: unknown): number => (typeof v === "number" && Number.isFinite(v) ? v : 0);

export function shortId(id: string): string {
  return id.replace(/^sha256:/, "").slice(0, 12);
}

export function toImageRows(json: unknown): ImageRow[] {
  const rows: ImageRow[] = [];
  for (const img of arr(json)) {
    const tags = Array.isArray(img.RepoTags) ? (img.RepoTags as unknown[]).filter((t): t is string => typeof t === "string") : [];
    const refs = tags.filter((t) => t !== "<none>:<none>");
    for (const ref of refs.length ? refs : ["<none>:<none>"]) rows.push({ ref, shortId: shortId(str(img.Id)), size: num(img.Size), created: num(img.Created) });
  }
  return rows.sort((a, b) => b.created - a.created || a.ref.localeCompare(b.ref));
}

export function toContainerRows(json: unknown): ContainerRow[] {
  return arr(json)
    .map((c) => {
      const names = Array.isArray(c.Names) ? (c.Names as unknown[]).map((n) => str(n).replace(/^\//, "")) : [];
      const seen = new Set<string>();
      const ports: PortRow[] = [];
      for (const p of arr(c.Ports)) {
        const row: PortRow = { containerPort: num(p.PrivatePort), proto: str(p.Type, "tcp") };
        if (typeof p.PublicPort === "number") row.hostPort = p.PublicPort;
        if (typeof p.IP === "string") row.hostIp = p.IP;
        // The engine lists a published port once for IPv4 and once for IPv6.
        const key = `${row.hostPort ?? ""}-${row.containerPort}-${row.proto}`;
        if (seen.has(key)) continue;
        seen.add(key);
        ports.push(row);
      }
      ports.sort((a, b) => (a.hostPort ?? 0) - (b.hostPort ?? 0) || a.containerPort - b.containerPort);
      const mounts = arr(c.Mounts).map((m) => {
        const source = str(m.Type) === "volume" ? str(m.Name) : str(m.Source);
        return `${source}:${str(m.Destination)}${m.RW === false ? ":ro" : ""}`;
      });
      return {
        id: str(c.Id),
        shortId: shortId(str(c.Id)),
        name: names[0] ?? shortId(str(c.Id)),
        image: str(c.Image),
        state: str(c.State),
        status: str(c.Status),
        ports,
        mounts,
      };
    })
    .sort((a, b) => Number(b.state === "running") - Number(a.state === "running") || a.name.localeCompare(b.name));
}

export function toVolumeRows(json: unknown): VolumeRow[] {
  const vols = json && typeof json === "object" ? (json as Json).Volumes : undefined;
  return arr(vols)
    .map((v) => ({ name: str(v.Name), driver: str(v.Driver), mountpoint: str(v.Mountpoint) }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

export function formatPort(p: PortRow): string {
  if (p.hostPort === undefined) return `${p.containerPort}/${p.proto}`;
  return `${p.hostPort}->${p.containerPort}/${p.proto}`;
}

/** Host ports published by running containers (TCP), one entry per port. */
export function publishedPorts(containers: ContainerRow[]): PublishedPort[] {
  const out = new Map<number, PublishedPort>();
  for (const c of containers) {
    if (c.state !== "running") continue;
    for (const p of c.ports) {
      if (p.hostPort !== undefined && p.proto === "tcp" && !out.has(p.hostPort))
        out.set(p.hostPort, { port: p.hostPort, container: c.name, containerId: c.id, containerPort: p.containerPort });
    }
  }
  return [...out.values()].sort((a, b) => a.port - b.port);
}

export function formatBytes(n: number): string {
  if (n < 1000) return `${n} B`;
  if (n < 1e6) return `${(n / 1e3).toFixed(1)} kB`;
  if (n < 1e9) return `${(n / 1e6).toFixed(1)} MB`;
  return `${(n / 1e9).toFixed(2)} GB`;
}
