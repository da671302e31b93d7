export {};
import { NodeVm } from "../../src/vm/node-vm";
const t = (s: number) => ((performance.now() - s) / 1000).toFixed(1);
const vm = await NodeVm.start();
console.log("booted", (vm.bootMs / 1000).toFixed(1));
for (const c of (process.env.CMDS ?? "docker images|docker pull -q busybox|docker run --rm busybox echo hi|docker run --rm busybox echo hi|docker ps").split("|")) {
  const s = performance.now(); const r = await vm.guest.exec(["/bin/sh", "-c", c], { timeoutMs: 120000 }).catch((e) => ({ code: -2, out: "", err: String(e) })); console.log(t(s).padStart(6), "s", c, "→", r.code, (r.out + r.err).trim().slice(0, 300).replace(/\n/g, " | "));
}
const cpu = (vm.emulator as any).v86.cpu; console.log("jit stats", [0,1,2].map((i) => cpu.wm.exports.jit_sandbox_stat?.(i)));
await vm.destroy(); process.exit(0);
