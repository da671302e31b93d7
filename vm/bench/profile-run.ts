/**
 * npm run profile:vm — where does one `docker run` spend its time inside v86? (issue 4, docs/performance.md)
 *
 * For each profiled command (after warm-up runs) it records:
 *   - wall time on the host and guest instructions (v86's counter) → effective MIPS;
 *   - the guest's own view from /proc/stat: user, system, idle (HLT), iowait (waiting on the disk), irq;
 *   - CPU time per process: BSD process accounting (v3 records) for every process that exited during the command
 *     (docker CLI, shims, crun/runc, docker-proxy, hooks…) plus /proc/<pid>/stat deltas of the long-running daemons;
 *   - the engine's event timeline (container create/start/die/destroy, network connect/disconnect) relative to the
 *     command's start, on the guest clock;
 *   - disk reads the emulator served during the command.
 * Prints a Markdown report. Env: PROFILE_RUNS (warm-up runs before the profiled one, default 3); PROFILE_SET=pull,
 * build, push (the seed's push into its registry:2) or restart (`systemctl restart docker` with the seed's registry running) instead of the default commands.
 */
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { loadManifest, NodeVm } from "../../src/vm/node-vm";

const ROOT = join(import.meta.dirname, "../..");
import { ok } from "../test/harness";
import { trackDiskReads } from "./disk-reads";

const WARM = Number(process.env.PROFILE_RUNS ?? 3);
const manifest = loadManifest();

type Stat = { user: number; system: number; idle: number; iowait: number; irq: number; steal: number };
const parseStat = (s: string): Stat => {
  const f = s.split("\n")[0].trim().split(/\s+/).slice(1).map(Number);
  return { user: f[0] + f[1], system: f[2], idle: f[3], iowait: f[4], irq: f[5] + f[6], steal: f[7] };
};

/** utime+stime (ticks) of every live process, by "pid comm". */
async function procTimes(vm: NodeVm): Promise<Map<string, number>> {
  const out = await ok(vm, `for p in /proc/[0-9]*; do cat $p/stat 2>/dev/null; echo; done`);
  const m = new Map<string, number>();
  for (const line of out.split("\n")) {
    const r = /^(\d+) \((.*)\) \S+ (.*)$/.exec(line.trim());
    if (!r) continue;
    const f = r[3].split(" ");
    m.set(`${r[1]} ${r[2]}`, Number(f[10]) + Number(f[11]));
  }
  return m;
}

type AcctRecord = { comm: string; pid: number; ppid: number; cpuMs: number; etimeMs: number; majflt: number; minflt: number };
const comp = (c: number) => (c & 0x1fff) << (3 * (c >> 13));
function parseAcct(buf: Uint8Array): AcctRecord[] {
  const dv = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const out: AcctRecord[] = [];
  for (let o = 0; o + 64 <= buf.byteLength; o += 64) {
    if (dv.getUint8(o + 1) !== 3) continue;
    const AHZ = 100;
    out.push({
      pid: dv.getUint32(o + 16, true),
      ppid: dv.getUint32(o + 20, true),
      etimeMs: (dv.getFloat32(o + 28, true) / AHZ) * 1000,
      cpuMs: ((comp(dv.getUint16(o + 32, true)) + comp(dv.getUint16(o + 34, true))) / AHZ) * 1000,
      minflt: comp(dv.getUint16(o + 42, true)),
      majflt: comp(dv.getUint16(o + 44, true)),
      comm: new TextDecoder().decode(buf.subarray(o + 48, o + 64)).replace(/\0.*$/s, ""),
    });
  }
  return out;
}

/** Counts v86 JIT activity: wasm modules compiled (and their bytes), full cache clears. */
function trackJit(vm: NodeVm) {
  type Cpu = {
    codegen_finalize: (...a: number[]) => void;
    jit_clear_all_funcs: () => void;
    jit_clear_func: (i: number) => void;
    wm: { exports: Record<string, (...a: number[]) => number> };
  };
  const cpu = (vm.emulator as unknown as { v86: { cpu: Cpu } }).v86.cpu;
  const j = { compiled: 0, bytes: 0, clears: 0, freed: 0 };
  const fin = cpu.codegen_finalize.bind(cpu);
  cpu.codegen_finalize = (...a: number[]) => {
    j.compiled++;
    j.bytes += a[4] >>> 0;
    fin(...a);
  };
  const clr = cpu.jit_clear_all_funcs.bind(cpu);
  cpu.jit_clear_all_funcs = () => {
    j.clears++;
    clr();
  };
  const one = cpu.jit_clear_func.bind(cpu);
  cpu.jit_clear_func = (i: number) => {
    j.freed++;
    one(i);
  };
  // patch 0001's counters (vm/emulator/): modules live in the table; npm's stock build has no such export
  const live = () => cpu.wm.exports.jit_sandbox_stat?.(2) ?? NaN;
  return { j, live, cpu };
}
let jit: ReturnType<typeof trackJit>;

async function profile(vm: NodeVm, label: string, command: string) {
  const tick = 100; // USER_HZ
  const before = await procTimes(vm);
  const s0 = parseStat(await ok(vm, "cat /proc/stat"));
  await ok(vm, ": > /tmp/acct.log; /tmp/acct /tmp/acct.log");
  const disk = trackDiskReads(vm);
  const d0 = { ...disk };
  const j0 = { ...jit.j };
  const live0 = jit.live();
  // the counter is 32 bits (wraps after 4.3 G instructions, ~40 s busy): add up deltas sampled twice a second
  let instr = 0;
  let c = vm.emulator.get_instruction_counter();
  const sample = () => {
    const n = vm.emulator.get_instruction_counter();
    instr += (n - c + 2 ** 32) % 2 ** 32;
    c = n;
  };
  const sampler = setInterval(sample, 500);
  const t0 = performance.now();
  const r = await ok(vm, `a=$(date +%s%N); ${command} >/dev/null; b=$(date +%s%N); echo $a $b`, 1_800_000).finally(() => clearInterval(sampler));
  const wall = performance.now() - t0;
  sample();
  const diskReads = disk.reads - d0.reads;
  const diskBytes = disk.bytes - d0.bytes;
  const jd = {
    compiled: jit.j.compiled - j0.compiled,
    kb: Math.round((jit.j.bytes - j0.bytes) / 1024),
    clears: jit.j.clears - j0.clears,
    freed: jit.j.freed - j0.freed,
  };
  const live1 = jit.live();
  await ok(vm, "/tmp/acct");
  const s1 = parseStat(await ok(vm, "cat /proc/stat"));
  const after = await procTimes(vm);
  const [a, b] = r.trim().split("\n").pop()!.split(" ").map(BigInt);
  const acct = parseAcct((await vm.guest.readFile("/tmp/acct.log")) ?? new Uint8Array());
  const since = Number(a / 1_000_000_000n) - 1;
  const ev = await ok(vm, `curl -s --unix-socket /var/run/docker.sock "http://localhost/events?since=${since}&until=${Number(b / 1_000_000_000n) + 1}"`);

  const guestMs = Number(b - a) / 1e6;
  const st = Object.fromEntries(Object.keys(s0).map((k) => [k, ((s1[k as keyof Stat] - s0[k as keyof Stat]) * 1000) / tick])) as Stat;
  const lines: string[] = [];
  lines.push(`### \`${label}\``, "");
  lines.push(
    `- wall ${Math.round(wall)} ms on the host, ${Math.round(guestMs)} ms on the guest clock; ${(instr / 1e6).toFixed(0)} M guest instructions → ${(instr / wall / 1000).toFixed(0)} MIPS effective`,
  );
  lines.push(
    `- guest CPU (from /proc/stat, ms): user ${st.user}, system ${st.system}, irq ${st.irq}, steal ${st.steal}, **idle ${st.idle}**, iowait ${st.iowait}`,
  );
  lines.push(`- disk reads served by the emulator: ${diskReads} (${(diskBytes / 1e6).toFixed(1)} MB)`);
  lines.push(
    `- v86 JIT: ${jd.compiled} wasm modules compiled (${jd.kb} KB), ${jd.freed} freed, ${jd.clears} full cache clears; modules live in the table ${live0} → ${live1}`,
    "",
  );

  const rows: Array<[string, number, string]> = [];
  for (const [k, v] of after) {
    const d = v - (before.get(k) ?? v);
    if (d > 0 && before.has(k)) rows.push([k.replace(/^\d+ /, ""), (d * 1000) / tick, "running daemon (/proc delta)"]);
  }
  const byComm = new Map<string, { cpu: number; n: number; et: number; maj: number }>();
  for (const x of acct) {
    const e = byComm.get(x.comm) ?? { cpu: 0, n: 0, et: 0, maj: 0 };
    e.cpu += x.cpuMs;
    e.n++;
    e.et = Math.max(e.et, x.etimeMs);
    e.maj += x.majflt;
    byComm.set(x.comm, e);
  }
  for (const [comm, e] of byComm) rows.push([comm, e.cpu, `exited ×${e.n}, longest lived ${Math.round(e.et)} ms, ${e.maj} major faults`]);
  rows.sort((x, y) => y[1] - x[1]);
  lines.push("| process | CPU ms | |", "|---|---:|---|");
  for (const [p, ms, what] of rows) lines.push(`| ${p} | ${Math.round(ms)} | ${what} |`);
  lines.push("");

  const events = ev
    .trim()
    .split("\n")
    .filter(Boolean)
    .map((l) => JSON.parse(l) as { Type: string; Action: string; timeNano: number })
    .filter((e) => BigInt(e.timeNano) >= a && BigInt(e.timeNano) <= b);
  if (events.length) {
    lines.push(
      "engine events (ms after the command started, guest clock): " +
        events.map((e) => `${e.Type} ${e.Action.split(":")[0]} +${Math.round(Number(BigInt(e.timeNano) - a) / 1e6)}`).join(", "),
      "",
    );
  }
  return { text: lines.join("\n"), wall, instr, idleMs: st.idle };
}

const vm = await NodeVm.start();
jit = trackJit(vm);
if (process.env.JIT_MAX_PAGES) jit.cpu.wm.exports.set_jit_config(1, Number(process.env.JIT_MAX_PAGES));
execFileSync("gcc", ["-m32", "-static", "-nostdlib", "-Os", "-fno-pie", "-no-pie", "-s", "-o", "/tmp/sandbox-acct", join(ROOT, "vm/bench/acct.c")]);
await vm.guest.writeFile("/tmp/acct", readFileSync("/tmp/sandbox-acct"));
await ok(vm, "chmod +x /tmp/acct; docker pull -q busybox; docker pull -q nginx:alpine");
for (let i = 0; i < WARM; i++) {
  await ok(vm, "docker run --rm busybox echo warm");
  await ok(vm, "docker run -d --name web -p 8080:80 nginx:alpine && docker rm -f web");
}
const out: string[] = [
  `## Profile — docker ${manifest.versions.docker}, ${manifest.memoryMb} MB guest, Node ${process.version}, after ${WARM} warm-up runs`,
  "",
];
if (process.env.PROFILE_SET === "pull") {
  // a pull after warm-up: remove the image (and its layers), pull it again from the in-VM mirror
  for (const image of ["busybox", "nginx:alpine"]) {
    await ok(vm, `docker rmi ${image} >/dev/null`);
    out.push((await profile(vm, `docker pull ${image}`, `docker pull ${image}`)).text);
  }
} else if (process.env.PROFILE_SET === "build") {
  // the seed's Dockerfile (FROM ubuntu; RUN apt-get update && apt install -y nginx), no build cache
  await ok(vm, "docker pull -q ubuntu >/dev/null");
  out.push((await profile(vm, "docker build of the seed's Dockerfile", "cd /root && docker build -q --no-cache . -t my-nginx:ubuntu -f Dockerfile")).text);
} else if (process.env.PROFILE_SET === "restart") {
  // the seed's registry (--restart always) running, as when the lesson restarts the engine for daemon.json
  await ok(vm, "docker run -d -p 5000:5000 --restart always --name registry registry:2 >/dev/null");
  await ok(vm, 'echo "$(date +%T.%N) restart begins" > /tmp/restart-mark; : > /var/log/docker.log.mark; wc -l < /var/log/docker.log > /tmp/log-lines');
  out.push(
    (
      await profile(
        vm,
        "systemctl restart docker (registry:2 running)",
        "date +%T.%N >> /tmp/restart-mark; systemctl stop docker; date +%T.%N >> /tmp/restart-mark; systemctl start docker; date +%T.%N >> /tmp/restart-mark",
      )
    ).text,
  );
  out.push((await profile(vm, "docker ps right after", "docker ps")).text);
  out.push("### the engine's log during the restart (guest clock; marks: begin, stopped, started)", "", "```");
  out.push(await ok(vm, "cat /tmp/restart-mark; tail -n +$(( $(cat /tmp/log-lines) + 1 )) /var/log/docker.log | cut -c1-220"), "```");
} else if (process.env.PROFILE_SET === "push") {
  // the seed's push: nginx:alpine into the seed's registry:2 on localhost:5000
  await ok(vm, "docker run -d -p 5000:5000 --restart always --name registry registry:2 >/dev/null; docker tag nginx:alpine localhost:5000/nginx:alpine");
  out.push((await profile(vm, "docker push localhost:5000/nginx:alpine", "docker push localhost:5000/nginx:alpine")).text);
} else {
  out.push((await profile(vm, "docker --version (CLI start-up only)", "docker --version")).text);
  out.push((await profile(vm, "docker ps", "docker ps")).text);
  out.push((await profile(vm, "docker run --rm busybox echo hi", "docker run --rm busybox echo hi")).text);
  out.push((await profile(vm, "docker run -d -p 8080:80 nginx:alpine", "docker run -d --name web -p 8080:80 nginx:alpine")).text);
  out.push((await profile(vm, "docker rm -f web", "docker rm -f web")).text);
}
await vm.destroy();
console.log(out.join("\n"));
process.exit(0);
