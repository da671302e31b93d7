import { ok, startVm } from "../test/harness";
const vm = await startVm();
await ok(vm, "docker pull nginx:alpine >/dev/null; docker run -d --name web -p 8080:80 nginx:alpine", 600000);
const m = async (what: string, f: () => Promise<unknown>) => {
  const i0 = vm.emulator.get_instruction_counter(); const t = Date.now();
  await f();
  console.log(`${((vm.emulator.get_instruction_counter() - i0) / 1e6).toFixed(1)} M, ${Date.now() - t} ms: ${what}`);
};
for (let k = 0; k < 2; k++) {
  await m("images/json", () => vm.guest.engine("GET", "/images/json"));
  await m("containers/json?all=1", () => vm.guest.engine("GET", "/containers/json?all=1"));
  await m("volumes", () => vm.guest.engine("GET", "/volumes"));
  await m("3 in parallel", () => Promise.all(["/images/json", "/containers/json?all=1", "/volumes"].map((p) => vm.guest.engine("GET", p))));
  await m("idle 1 s", () => new Promise((r) => setTimeout(r, 1000)));
  await m("events subscribe since 60s + stop after 1 s", async () => { const stop = await vm.guest.engineEvents(`since=${Math.floor(Date.now() / 1000) - 60}`, () => {}); await new Promise((r) => setTimeout(r, 1000)); stop(); });
  await m("exec true", () => vm.guest.exec(["/bin/true"], { timeoutMs: 10000 }));
}
await vm.destroy();
