/**
 * The warm-up after a restore (src/vm/warm-up.ts, vm/rootfs/usr/local/sbin/sandbox-warm) on the real VM: stopped
 * early, as the learner's first Enter stops it, it leaves the engine answering at once; run to its end, it leaves
 * nothing a Docker client sees.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { NodeVm } from "../../src/vm/node-vm";
import { startWarmUp } from "../../src/vm/warm-up";
import { ok, startVm } from "./harness";

let vm: NodeVm;
beforeAll(async () => {
  vm = await startVm();
});
afterAll(async () => vm?.destroy());

describe("warm-up in the VM", () => {
  it("stopped a few seconds in (the learner pressed Enter), the engine answers at once", async () => {
    const warm = startWarmUp(vm.guest);
    await new Promise((r) => setTimeout(r, 8000));
    warm.stop();
    expect(await warm.finished).toBe("stopped");
    const t = Date.now();
    expect(await ok(vm, "docker network ls", 120_000)).toMatch(/bridge/);
    expect((await ok(vm, "docker ps -a -q", 120_000)).trim()).toBe("");
    console.log(`docker network ls + ps -a after an early stop: ${Date.now() - t} ms`);
  }, 300_000);

  it("run to its end, it leaves no container, image or event a Docker client sees", async () => {
    const since = (await ok(vm, "date +%s")).trim();
    const images = await ok(vm, "docker images -q");
    const warm = startWarmUp(vm.guest);
    expect(await warm.finished).toBe("done");
    expect((await ok(vm, "docker ps -a -q")).trim()).toBe("");
    expect(await ok(vm, "docker images -q")).toBe(images);
    const until = (await ok(vm, "date +%s")).trim();
    expect((await ok(vm, `docker events --since ${since} --until ${until}`, 120_000)).trim()).toBe("");
  }, 600_000);
});
