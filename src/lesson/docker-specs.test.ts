import { describe, expect, it } from "vitest";
import { normalizeImageRef, parseMemory, parseMountSpec, parsePortSpec, parseRestart, sameImageRef } from "./docker-specs";

describe("image references", () => {
  it("fills in Docker Hub and latest the way the engine does", () => {
    expect(normalizeImageRef("nginx")).toBe("docker.io/library/nginx:latest");
    expect(normalizeImageRef("nginx:alpine")).toBe("docker.io/library/nginx:alpine");
    expect(normalizeImageRef("docker.io/library/nginx:alpine")).toBe("docker.io/library/nginx:alpine");
    expect(normalizeImageRef("portainer/portainer")).toBe("docker.io/portainer/portainer:latest");
    expect(normalizeImageRef("172.21.51.143:5000/nginx:alpine")).toBe("172.21.51.143:5000/nginx:alpine");
    expect(normalizeImageRef("localhost:5000/nginx")).toBe("localhost:5000/nginx:latest");
    expect(normalizeImageRef("registry.devops.com/demo/hello")).toBe("registry.devops.com/demo/hello:latest");
  });
  it("tells equal references apart from different ones", () => {
    expect(sameImageRef("nginx", "nginx:latest")).toBe(true);
    expect(sameImageRef("nginx:alpine", "localhost:5000/nginx:alpine")).toBe(false);
  });
});

describe("run flags", () => {
  it("reads -p forms", () => {
    expect(parsePortSpec("8080:80")).toEqual({ hostPort: "8080", containerPort: "80", proto: "tcp" });
    expect(parsePortSpec("127.0.0.1:9001:9000/udp")).toEqual({ hostIp: "127.0.0.1", hostPort: "9001", containerPort: "9000", proto: "udp" });
    expect(parsePortSpec("80")).toEqual({ containerPort: "80", proto: "tcp" });
    expect(parsePortSpec("eighty")).toBeUndefined();
  });
  it("reads -v forms", () => {
    expect(parseMountSpec("/opt/mysql/:/var/lib/mysql")).toEqual({ source: "/opt/mysql", destination: "/var/lib/mysql" });
    expect(parseMountSpec("data:/data:ro")).toEqual({ source: "data", destination: "/data", mode: "ro" });
    expect(parseMountSpec("/data")).toEqual({ destination: "/data" });
    expect(parseMountSpec("opt:opt")).toBeUndefined();
  });
  it("reads --memory in binary units", () => {
    expect(parseMemory("500m")).toBe(500 * 1024 * 1024);
    expect(parseMemory("1g")).toBe(1024 ** 3);
    expect(parseMemory("1.5GB")).toBe(1.5 * 1024 ** 3);
    expect(parseMemory("lots")).toBeUndefined();
  });
  it("reads --restart", () => {
    expect(parseRestart("always")).toEqual({ name: "always" });
    expect(parseRestart("on-failure:3")).toEqual({ name: "on-failure", maxRetries: 3 });
    expect(parseRestart("always:3")).toBeUndefined();
  });
});
