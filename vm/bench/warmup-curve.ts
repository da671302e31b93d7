/**
 * npx tsx vm/bench/warmup-curve.ts — how the emulator's JIT warms up after a restore: wall time, guest instructions
 * and wasm modules compiled for each of the first N `docker run --rm busybox echo hi` after restoring the snapshot.
 * Env: RUNS (default 8), JIT_MAX_PAGES (v86's pages per compiled module; v86's default is 3).
 */
import { NodeVm } from "../../src/vm/node-vm";
import { ok } from "../test/harness";

const RUNS = Number(process.env.RUNS ?? 8);
const vm = await NodeVm.start();
type Cpu = { codegen_finalize: (...a: number[]) => void; wm: { exports: Record<string, (...a: number[]) => number> } };
const cpu = (vm.emulator as unknown as { v86: { cpu: Cpu } }).v86.cpu;
if (process.env.JIT_MAX_PAGES) cpu.wm.exports.set_jit_config(1, Number(process.env.JIT_MAX_PAGES));
let compiled = 0;
let bytes = 0;
const fin = cpu.codegen_finalize.bind(cpu);
cpu.codegen_finalize = (...a: number[]) => {
  compiled++;
  bytes += a[4] >>> 0;
  fin(...a);
};
await ok(vm, "docker pull -q busybox");
// the pull itself compiled code; start the curve from a fresh restore with the image present
const state = await vm.saveState();
await vm.restore(() => {}, state);
if (process.env.JIT_MAX_PAGES) cpu.wm.exports.set_jit_config(1, Number(process.env.JIT_MAX_PAGES));
const rows: string[] = [];
for (let i = 1; i <= RUNS; i++) {
  const c0 = vm.emulator.get_instruction_counter();
  const [m0, b0] = [compiled, bytes];
  const t0 = performance.now();
  await ok(vm, "docker run --rm busybox echo hi");
  const ms = Math.round(performance.now() - t0);
  const mi = Math.round(((vm.emulator.get_instruction_counter() - c0 + 2 ** 32) % 2 ** 32) / 1e6);
  rows.push(`run ${i}: ${ms} ms, ${mi} M instr, ${compiled - m0} modules (${Math.round((bytes - b0) / 1024)} KB wasm)`);
  console.log(rows.at(-1));
}
console.log(JSON.stringify({ max_pages: Number(process.env.JIT_MAX_PAGES ?? 3), runs: rows }));
await vm.destroy();
process.exit(0);
