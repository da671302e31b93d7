import { ok, startVm } from "../test/harness";
const vm = await startVm();
const e = vm.emulator as unknown as { stop(): Promise<void> | void; run(): void };
const g = async () => Number((await ok(vm, "cat /proc/uptime")).split(" ")[0]);
const a = await g(); const t = Date.now();
await e.stop(); await new Promise((r) => setTimeout(r, 8000)); e.run();
const b = await g();
console.log(`guest uptime advanced ${(b - a).toFixed(2)} s over ${(Date.now() - t) / 1000} s wall with an 8 s stop`);
await vm.destroy();
