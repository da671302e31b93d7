import { ok, startVm } from "../test/harness";
const vm = await startVm();
await ok(vm, "modprobe ip_tables iptable_nat iptable_filter iptable_raw 2>&1; ls /usr/sbin/iptables-legacy");
for (const cmd of [
  "iptables --wait -t nat -C DOCKER -p tcp -d 0/0 --dport 8080 -j DNAT --to-destination 172.17.0.2:80 ! -i docker0",
  "iptables --wait -t nat -C DOCKER -p tcp -d 0/0 --dport 8080 -j DNAT --to-destination 172.17.0.2:80 ! -i docker0",
  "iptables-legacy --wait -t nat -L -n",
  "iptables-legacy --wait -t nat -L -n",
  "/bin/true",
  "crun --version",
  "docker version --format x",
]) {
  const i0 = vm.emulator.get_instruction_counter(); const t = Date.now();
  const r = await vm.guest.exec(["/bin/bash", "-c", cmd + " >/dev/null 2>&1; echo $?"], { timeoutMs: 60000 });
  console.log(`${((vm.emulator.get_instruction_counter() - i0) / 1e6).toFixed(1)} M, ${Date.now() - t} ms, rc ${r.out.trim()}: ${cmd}`);
}
await vm.destroy();
