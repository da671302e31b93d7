/** Repro: foreground nginx run + Ctrl-C, then immediately `docker rm -f nginx` (lesson steps 33→34). */
import { ok, sh, startVm, typeInTerminal } from "../test/harness";

const HOST_PROMPT = /root@docker-host[^\n]*# $/;
const t0 = Date.now();
const log = (...a: unknown[]) => console.log(`[${((Date.now() - t0) / 1000).toFixed(1)}s]`, ...a);

const vm = await startVm();
log("booted");
await ok(vm, "docker pull nginx:alpine", 600_000);
log("pulled");
if (process.env.SETUP) log(await ok(vm, process.env.SETUP, 120_000));
const rounds = Number(process.env.ROUNDS ?? 4);
const fg = process.env.FG !== "0";
const pub = process.env.PUB ?? "-p 8080:80";
for (let i = 0; i < rounds; i++) {
  await ok(vm, `docker rm -f nginx >/dev/null 2>&1; docker run --name nginx -d ${pub} nginx:alpine`);
  log("nginx -d up");
  if (fg) {
    await typeInTerminal(vm, "docker run --memory=500m nginx:alpine\r", /start worker process/, 240_000);
    log("foreground up");
    await new Promise((r) => setTimeout(r, 2000));
    for (let a = 0; a < 6; a++) {
      const back = await typeInTerminal(vm, "\x03", HOST_PROMPT, 30_000).then(() => true, () => false);
      if (back) break;
    }
    log("ctrl-c back");
  } else await new Promise((r) => setTimeout(r, 3000));
  const i0 = vm.emulator.get_instruction_counter();
  const t = Date.now();
  const r = await sh(vm, "date +%T.%N; docker rm -f nginx; date +%T.%N");
  log(`rm -f: code ${r.code} in ${Date.now() - t} ms, ${((vm.emulator.get_instruction_counter() - i0) / 1e6).toFixed(0)} M instr`, r.out.trim(), r.err.trim());
}
if (process.env.LOGS) log(await ok(vm, `tail -n ${process.env.LOGS} /var/log/docker.log; tail -n 30 /var/log/containerd.log`));
await vm.destroy();
