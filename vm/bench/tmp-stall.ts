import { ok, sh, startVm } from "../test/harness";
const vm = await startVm();
await ok(vm, "docker pull nginx:alpine >/dev/null", 600000);
for (const [at, stallMs] of [[1200, 12000], [1600, 12000], [2000, 12000], [1400, 15000]]) {
  await ok(vm, "docker rm -f nginx >/dev/null 2>&1; docker run --name nginx -d -p 8080:80 nginx:alpine");
  await new Promise((r) => setTimeout(r, 3000));
  const p = sh(vm, "docker rm -f nginx");
  // stall the emulator shortly after the kill is sent (CLI start-up ~0.6 s in Node)
  await new Promise((r) => setTimeout(r, at));
  const e = vm.emulator as unknown as { stop(): Promise<void> | void; run(): void };
  await e.stop();
  await new Promise((r) => setTimeout(r, stallMs));
  e.run();
  const r = await p;
  console.log(`at ${at} stall ${stallMs} ms → code ${r.code}`, r.out.trim(), r.err.trim());
}
await vm.destroy();
