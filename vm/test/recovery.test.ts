/**
 * Bad input breaks the VM; the harness notices and restores the snapshot.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { NodeVm } from "../../src/vm/node-vm";
import { ok, sh, startVm } from "./harness";

let vm: NodeVm;
beforeAll(async () => {
  vm = await startVm();
});
afterAll(async () => vm?.destroy());

describe("recovery", () => {
  it("a killed dockerd is seen as an engine that no longer answers; restoring the snapshot brings it back", async () => {
    await sh(vm, "kill -9 $(cat /run/sandbox/docker.pid)");
    await new Promise((r) => setTimeout(r, 500));
    const r = await vm.guest.engine("GET", "/_ping").then(
      (x) => x.status,
      (e: Error) => e.message,
    );
    expect(r).not.toBe(200);
    expect(await vm.isAlive()).toBe(true); // the guest itself still answers
    await vm.restore(() => {});
    expect((await vm.guest.engine("GET", "/_ping")).status).toBe(200);
  });

  it("a wedged guest (agent killed, rm -rf of system dirs) is detected and restored", async () => {
    await sh(vm, "rm -rf /usr/local/sbin/sandbox-agent; kill -9 $(pidof sandbox-agent)", 5000).catch(() => {});
    expect(await vm.isAlive(1500)).toBe(false);
    await vm.restore(() => {});
    expect(await vm.isAlive()).toBe(true);
    expect(await ok(vm, "echo back")).toBe("back\n");
  });
});
