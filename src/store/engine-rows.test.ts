import { describe, expect, it } from "vitest";
import { formatBytes, formatPort, publishedPorts, toContainerRows, toImageRows, toVolumeRows } from "./engine-rows";

const containers = [
  {
    Id: "aaaaaaaaaaaa1111",
    Names: ["/web"],
    Image: "sandbox/busybox",
    State: "running",
    Status: "Up 5 seconds",
    Ports: [
      { IP: "0.0.0.0", PrivatePort: 80, PublicPort: 8080, Type: "tcp" },
      { IP: "::", PrivatePort: 80, PublicPort: 8080, Type: "tcp" },
    ],
    Mounts: [
      { Type: "volume", Name: "data", Source: "/var/lib/docker/volumes/data/_data", Destination: "/data", RW: true },
      { Type: "bind", Source: "/root/conf", Destination: "/etc/conf", RW: false },
    ],
  },
  {
    Id: "bbbbbbbbbbbb2222",
    Names: ["/old"],
    Image: "x",
    State: "exited",
    Status: "Exited (0)",
    Ports: [{ PrivatePort: 80, PublicPort: 9090, Type: "tcp" }],
    Mounts: [],
  },
  {
    Id: "cccccccccccc3333",
    Names: ["/registry"],
    Image: "registry:2",
    State: "running",
    Status: "Up",
    Ports: [
      { IP: "0.0.0.0", PrivatePort: 5000, PublicPort: 5000, Type: "tcp" },
      { PrivatePort: 53, Type: "udp" },
    ],
    Mounts: [],
  },
];

describe("engine rows", () => {
  it("lists every tag of an image, untagged ones as <none>", () => {
    const rows = toImageRows([
      { Id: "sha256:0123456789abcdef", RepoTags: ["a:1", "b:2"], Size: 1000, Created: 2 },
      { Id: "sha256:fedcba9876543210", RepoTags: null, Size: 5, Created: 1 },
    ]);
    expect(rows.map((r) => `${r.ref} ${r.shortId}`)).toEqual(["a:1 0123456789ab", "b:2 0123456789ab", "<none>:<none> fedcba987654"]);
  });

  it("shows containers running first, ports once (IPv4 and IPv6), mounts as source:destination", () => {
    const rows = toContainerRows(containers);
    expect(rows.map((r) => r.name)).toEqual(["registry", "web", "old"]);
    const web = rows[1]!;
    expect(web.ports.map(formatPort)).toEqual(["8080->80/tcp"]);
    expect(web.mounts).toEqual(["data:/data", "/root/conf:/etc/conf:ro"]);
    expect(formatPort(rows[0]!.ports[0]!)).toBe("53/udp");
  });

  it("offers previews for TCP ports published by running containers only", () => {
    expect(publishedPorts(toContainerRows(containers))).toEqual([
      { port: 5000, container: "registry", containerId: "cccccccccccc3333", containerPort: 5000 },
      { port: 8080, container: "web", containerId: "aaaaaaaaaaaa1111", containerPort: 80 },
    ]);
  });

  it("reads volumes (the engine sends null when there are none) and tolerates junk", () => {
    expect(toVolumeRows({ Volumes: null })).toEqual([]);
    expect(toVolumeRows({ Volumes: [{ Name: "b", Driver: "local", Mountpoint: "/m" }, { Name: "a" }] }).map((v) => v.name)).toEqual(["a", "b"]);
    expect(toContainerRows("nope")).toEqual([]);
    expect(formatBytes(47_989_812)).toBe("48.0 MB");
  });
});
