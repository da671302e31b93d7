/**
 * The learner's service commands: systemctl / service restart docker, and --restart always.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { NodeVm } from "../../src/vm/node-vm";
import { makeBusyboxImage, ok, sh, startVm } from "./harness";

let vm: NodeVm;
beforeAll(async () => {
  vm = await startVm();
  await makeBusyboxImage(vm);
});
afterAll(async () => vm?.destroy());

describe("docker service in the VM", () => {
  it("shows the daemon's status like systemd does", async () => {
    const out = await ok(vm, "systemctl status docker");
    expect(out).toMatch(/docker\.service - Docker Application Container Engine/);
    expect(out).toMatch(/Active: active \(running\)/);
    expect((await ok(vm, "systemctl is-active docker")).trim()).toBe("active");
  });

  it("restarts dockerd after a daemon.json change and brings --restart always containers back", async () => {
    await ok(vm, "docker run -d --name keeper --restart always sandbox-test/busybox httpd -f -p 80 -h /www");
    await ok(
      vm,
      `cat > /etc/docker/daemon.json <<'J'
{
  "registry-mirrors": [],
  "insecure-registries": ["172.21.51.143:5000"]
}
J`,
    );
    const before = Number(await ok(vm, "cat /run/sandbox/docker.pid"));
    await ok(vm, "systemctl restart docker", 180_000);
    const after = Number(await ok(vm, "cat /run/sandbox/docker.pid"));
    expect(after).not.toBe(before);
    const info = (await vm.guest.engine("GET", "/info")).json<{ RegistryConfig: { IndexConfigs: Record<string, { Secure: boolean }> } }>();
    expect(info.RegistryConfig.IndexConfigs["172.21.51.143:5000"].Secure).toBe(false);
    let state = "";
    for (let i = 0; i < 60 && state !== "running"; i++) {
      state = (await ok(vm, "docker inspect -f '{{.State.Status}}' keeper")).trim();
      if (state !== "running") await new Promise((r) => setTimeout(r, 500));
    }
    expect(state).toBe("running");
  });

  it("accepts `service docker restart` too", async () => {
    await ok(vm, "service docker restart", 180_000);
    expect((await ok(vm, "docker version --format '{{.Server.Version}}'")).trim()).toMatch(/^\d+\./);
  });

  it("reports a broken daemon.json the way systemd does, and recovers once fixed", async () => {
    await ok(vm, "cp /etc/docker/daemon.json /tmp/good.json && echo '{ broken' > /etc/docker/daemon.json");
    const r = await sh(vm, "systemctl restart docker", 180_000);
    expect(r.code).not.toBe(0);
    expect(r.err).toMatch(/Job for docker.service failed/);
    await ok(vm, "cp /tmp/good.json /etc/docker/daemon.json && systemctl start docker", 180_000);
    expect((await vm.guest.engine("GET", "/_ping")).status).toBe(200);
  });
});
