/**
 * npx tsx vm/bench/compare-runtimes.ts — runc vs crun for the same `docker run`s (guest instructions and wall time).
 * Registers crun with a running dockerd (--add-runtime), warms both, then alternates them. Evidence for the default
 * runtime choice in vm/rootfs/etc/sandbox/services/docker (see docs/performance.md).
 */
import { NodeVm } from "../../src/vm/node-vm";
import { ok } from "../test/harness";

const N = Number(process.env.RUNS ?? 4);
const vm = await NodeVm.start();
await ok(
  vm,
  `systemctl stop docker; sed -i 's|^EXEC="/usr/sbin/dockerd |EXEC="/usr/sbin/dockerd --add-runtime crun=/usr/bin/crun |' /etc/sandbox/services/docker; systemctl start docker`,
);
await ok(vm, "docker pull -q busybox; docker pull -q nginx:alpine");
const cases = [
  ["run --rm", (rt: string) => `docker run --rm --runtime ${rt} busybox echo hi`],
  ["run -d -p", (rt: string) => `docker run -d --runtime ${rt} --name web -p 8080:80 nginx:alpine`],
] as const;
const res: Record<string, { ms: number[]; mi: number[] }> = {};
for (let i = 0; i < N + 2; i++) {
  for (const rt of ["runc", "crun"]) {
    for (const [name, cmd] of cases) {
      const c0 = vm.emulator.get_instruction_counter();
      const t0 = performance.now();
      await ok(vm, cmd(rt));
      const ms = performance.now() - t0;
      const mi = ((vm.emulator.get_instruction_counter() - c0 + 2 ** 32) % 2 ** 32) / 1e6;
      await ok(vm, "docker rm -f web >/dev/null 2>&1; true");
      if (i < 2) continue; // warm-up
      const r = (res[`${name} ${rt}`] ??= { ms: [], mi: [] });
      r.ms.push(Math.round(ms));
      r.mi.push(Math.round(mi));
    }
  }
}
const med = (x: number[]) => [...x].sort((a, b) => a - b)[Math.floor(x.length / 2)];
for (const [k, r] of Object.entries(res))
  console.log(`${k.padEnd(16)} median ${med(r.ms)} ms, ${med(r.mi)} M instr   (ms ${r.ms.join(", ")}; M ${r.mi.join(", ")})`);
await vm.destroy();
process.exit(0);
