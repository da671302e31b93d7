/**
 * The engine in the VM behaves like Docker on a real host (issue: a real Docker engine in v86).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { NodeVm } from "../../src/vm/node-vm";
import { makeBusyboxImage, ok, sh, startVm } from "./harness";

let vm: NodeVm;
const IMG = "sandbox-test/busybox";

beforeAll(async () => {
  vm = await startVm();
  await makeBusyboxImage(vm);
});
afterAll(async () => vm?.destroy());

describe("Docker engine in v86", () => {
  it("answers docker info after a restore", async () => {
    const info = (await vm.guest.engine("GET", "/info")).json<{ Driver: string; CgroupVersion: string; OSType: string; Architecture: string }>();
    expect(info).toMatchObject({ Driver: "overlay2", CgroupVersion: "2", OSType: "linux" });
    const cli = await ok(vm, "docker info --format '{{.ServerVersion}} {{.Driver}}'");
    expect(cli).toMatch(/^\d+\.\d+\.\d+\S* overlay2/);
  });

  it("has the seed's host address and the guest clock set from the page", async () => {
    expect(await ok(vm, "ip -4 addr show eth0")).toContain("172.21.51.143/24");
    const guestNow = Number(await ok(vm, "date +%s"));
    expect(Math.abs(guestNow - Date.now() / 1000)).toBeLessThan(30);
  });

  it("runs a container and removes it (--rm)", async () => {
    expect(await ok(vm, `docker run --rm ${IMG} echo hi`)).toBe("hi\n");
  });

  it("publishes a port: docker run -d -p 8080:80, then HTTP 200 from 172.21.51.143:8080", async () => {
    await ok(vm, `docker run -d --name web -p 8080:80 ${IMG} httpd -f -p 80 -h /www`);
    const r = await vm.guest.http("http://172.21.51.143:8080/");
    expect(r.status).toBe(200);
    expect(r.text()).toContain("hello from busybox httpd");
    expect(await ok(vm, "curl -s 172.21.51.143:8080")).toContain("hello from busybox httpd");
    const c = (await vm.guest.engine("GET", "/containers/web/json")).json<{ HostConfig: { PortBindings: Record<string, Array<{ HostPort: string }>> } }>();
    expect(c.HostConfig.PortBindings["80/tcp"][0].HostPort).toBe("8080");
    await ok(vm, "docker rm -f web");
  });

  it("builds a 3-line Dockerfile", async () => {
    await ok(vm, `mkdir -p /root/b && printf 'FROM ${IMG}\\nRUN echo built > /built.txt\\nCMD ["cat", "/built.txt"]\\n' > /root/b/Dockerfile`);
    await ok(vm, "cd /root/b && docker build . -t my-build:test -f Dockerfile", 240_000);
    expect(await ok(vm, "docker run --rm my-build:test")).toBe("built\n");
  });

  it("applies --memory=500m to the container's cgroup", async () => {
    const id = (await ok(vm, `docker run -d --memory=500m ${IMG} sleep 300`)).trim();
    const max = await ok(
      vm,
      `cat /sys/fs/cgroup/system.slice/docker-${id}.scope/memory.max 2>/dev/null || cat $(find /sys/fs/cgroup -type d -name "*${id}*" | head -1)/memory.max`,
    );
    expect(Number(max.trim())).toBe(500 * 1024 * 1024);
    await ok(vm, `docker rm -f ${id}`);
  });

  it("bind-mounts a host directory: -v /opt:/opt", async () => {
    await ok(vm, "echo from-the-host > /opt/host-file.txt");
    expect(await ok(vm, `docker run --rm -v /opt:/opt ${IMG} cat /opt/host-file.txt`)).toBe("from-the-host\n");
  });

  it("round-trips docker save / docker load", async () => {
    await ok(vm, `cd /root && docker save -o img.tar ${IMG}`);
    expect(Number(await ok(vm, "stat -c %s /root/img.tar"))).toBeGreaterThan(500_000);
    await ok(vm, `docker rmi my-build:test && docker rmi ${IMG}`);
    expect((await sh(vm, `docker image inspect ${IMG}`)).code).not.toBe(0);
    expect(await ok(vm, "docker load -i /root/img.tar")).toContain(`Loaded image: ${IMG}:latest`);
    expect(await ok(vm, `docker run --rm ${IMG} echo again`)).toBe("again\n");
  });

  it("gives Docker's own error for an unknown image (offline sandbox)", async () => {
    const r = await sh(vm, "docker run --rm no-such-image-xyz", 60_000);
    expect(r.code).toBe(125);
    expect(r.err).toMatch(/Unable to find image 'no-such-image-xyz:latest' locally/);
  });
});
