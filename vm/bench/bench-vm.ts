/**
 * npm run bench:vm — a benchmark, not a test: boot-to-engine, per-command latency, sizes.
 * Prints a table, then (last line) one JSON object. Each figure is the median of several runs.
 * Env: BENCH_RUNS (default 5), BENCH_RESTORES (default 3).
 */
import { readdirSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { loadManifest, NodeVm, PUBLIC_VM } from "../../src/vm/node-vm";
import { ok } from "../test/harness";
import { trackDiskReads } from "./disk-reads";

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const RESTORES = Number(process.env.BENCH_RESTORES ?? 3);
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const IMG = "busybox";
const WEB = "nginx:alpine";
/** The seed's Dockerfile (FROM ubuntu, apt install nginx from the in-VM mirror). */
const SEED_DOCKERFILE = `FROM ubuntu\nRUN apt-get update && apt install -y nginx\nCMD ["/usr/sbin/nginx", "-g", "daemon off;"]\n`;
const pull = (vm: NodeVm, image: string) => ok(vm, `docker pull -q ${image}`);

/** Guest instructions (millions) per measured command, by result key: load-independent, unlike wall time. */
const minstr: Record<string, number[]> = {};
let current: { emulator: { get_instruction_counter(): number } } | null = null;
async function time(fn: () => Promise<unknown>, key?: string): Promise<number> {
  const c0 = current?.emulator.get_instruction_counter() ?? 0;
  const t = performance.now();
  await fn();
  const ms = performance.now() - t;
  if (key && current) (minstr[key] ??= []).push(((current.emulator.get_instruction_counter() - c0 + 2 ** 32) % 2 ** 32) / 1e6);
  return ms;
}

const manifest = loadManifest();
const results: Record<string, number> = {};
const rows: Array<[string, string, string]> = [];
const record = (key: string, samples: number[], what: string) => {
  results[key] = Math.round(median(samples));
  rows.push([key, `${results[key]}`, `${what} (n=${samples.length}: ${samples.map((s) => Math.round(s)).join(", ")})`]);
};

// restore → engine answering; the first docker run after a restore
const restoreMs: number[] = [];
const firstRunMs: number[] = [];
let chunksTouched = new Set<number>();
let promptChunks = new Set<number>();
let pullChunks = 0;
for (let i = 0; i < RESTORES; i++) {
  const vm = await NodeVm.start();
  restoreMs.push(vm.bootMs);
  if (i === 0) {
    // restore the shipped snapshot again into the same emulator, counting the disk chunks it reads until the
    // engine answers (what the page must download before the prompt), then what the first pull adds
    chunksTouched = trackDiskReads(vm, manifest.disk.chunkBytes).chunks;
    await vm.restore(() => {});
    promptChunks = new Set(chunksTouched);
    await pull(vm, IMG);
    pullChunks = chunksTouched.size - promptChunks.size;
    const state = await vm.saveState();
    await vm.destroy();
    // the image is part of this state, as it would be after a learner pulled one
    const vm2 = await NodeVm.start();
    await vm2.restore(() => {}, state);
    firstRunMs.push(await time(() => ok(vm2, `docker run --rm ${IMG} echo hi`)));
    await vm2.destroy();
    continue;
  }
  await vm.destroy();
}
record("restore_ms", restoreMs, "process start → dockerd answers /_ping");

const vm = await NodeVm.start();
const pulls: number[] = [];
pulls.push(await time(() => pull(vm, IMG)));
pulls.push(await time(() => pull(vm, WEB)));
const guestMem = Number((await ok(vm, "free -m | awk '/Mem:/{print $3}'")).trim());
// warm up the emulator's compiled code the way a learner's first commands would
for (let i = 0; i < 2; i++) await ok(vm, `docker run --rm ${IMG} echo warm`);
{
  const vm3 = await NodeVm.start();
  await pull(vm3, IMG);
  firstRunMs.push(await time(() => ok(vm3, `docker run --rm ${IMG} echo hi`)));
  await vm3.destroy();
}
record("first_run_after_restore_ms", firstRunMs, "first docker run --rm after a restore");
rows.push(["pull_ms", `${Math.round(pulls[0])}, ${Math.round(pulls[1])}`, `docker pull ${IMG}, ${WEB} from the in-VM mirror (one each)`]);
results.pull_busybox_ms = Math.round(pulls[0]);
results.pull_nginx_alpine_ms = Math.round(pulls[1]);

const ps: number[] = [];
current = vm;
for (let i = 0; i < RUNS; i++) ps.push(await time(() => ok(vm, "docker ps"), "docker_ps"));
record("docker_ps_ms", ps, "docker ps");

const rm: number[] = [];
let instr = 0;
let instrMs = 0;
for (let i = 0; i < RUNS; i++) {
  const c0 = vm.emulator.get_instruction_counter();
  const ms = await time(() => ok(vm, `docker run --rm ${IMG} echo hi`));
  const n = (vm.emulator.get_instruction_counter() - c0 + 2 ** 32) % 2 ** 32;
  instr += n;
  (minstr.run_rm ??= []).push(n / 1e6);
  instrMs += ms;
  rm.push(ms);
}
record("run_rm_ms", rm, "docker run --rm busybox echo hi (warm)");

const runp: number[] = [];
for (let i = 0; i < RUNS; i++) {
  runp.push(await time(() => ok(vm, `docker run -d --name web -p 8080:80 ${WEB}`), "run_d_p"));
  if (i === 0) await ok(vm, "for i in $(seq 50); do curl -fs -o /dev/null 172.21.51.143:8080 && exit 0; sleep 0.2; done; exit 1");
  await ok(vm, "docker rm -f web");
}
record("run_d_p_ms", runp, `docker run -d -p 8080:80 ${WEB}`);

await pull(vm, "ubuntu");
await ok(vm, "mkdir -p /root/bench");
await vm.guest.writeFile("/root/bench/Dockerfile", new TextEncoder().encode(SEED_DOCKERFILE));
const build: number[] = [];
for (let i = 0; i < Math.min(RUNS, 3); i++)
  build.push(await time(() => ok(vm, "cd /root/bench && docker build --no-cache -q . -t bench:latest", 600_000), "build"));
record("build_ms", build, "docker build of the seed's Dockerfile (FROM ubuntu + apt install nginx, no cache)");
await vm.destroy();

const stateBytes = manifest.state.size;
const fixed = manifest.v86.wasm.size + manifest.v86.lib.size + manifest.bios.size + manifest.vgaBios.size + stateBytes;
const diskDir = join(PUBLIC_VM, dirname(manifest.disk.url));
const chunkFiles = new Map(readdirSync(diskDir).map((f) => [Number(f.split("-")[1]) / manifest.disk.chunkBytes, statSync(join(diskDir, f)).size]));
const diskBytes = [...promptChunks].reduce((n, c) => n + (chunkFiles.get(c) ?? 0), 0);
Object.assign(results, {
  state_zst_bytes: stateBytes,
  first_prompt_bytes: fixed + diskBytes,
  disk_chunks_before_prompt: promptChunks.size,
  disk_chunks_first_pull: pullChunks,
  guest_mem_mb: guestMem,
  memory_mb: manifest.memoryMb,
  mips: Math.round(instr / instrMs / 1000),
  ...Object.fromEntries(Object.entries(minstr).map(([k, v]) => [`${k}_minstr`, Math.round(median(v))])),
});
rows.push(["state_zst_bytes", `${stateBytes}`, "snapshot, zstd"]);
rows.push([
  "first_prompt_bytes",
  `${fixed + diskBytes}`,
  `wasm+lib+bios+state + ${promptChunks.size} disk chunks (${diskBytes} B) read from restore to engine ready; the first pull reads ${pullChunks} more`,
]);
rows.push(["guest_mem_mb", `${guestMem}`, `used of ${manifest.memoryMb} MB after restore`]);
rows.push(["mips", `${results.mips}`, "guest instructions per µs during docker run --rm"]);

const w = Math.max(...rows.map((r) => r[0].length));
console.log(`\nVM benchmark — docker ${manifest.versions.docker}, v86 ${manifest.v86.version}, Node ${process.version}\n`);
for (const [k, v, what] of rows) console.log(`${k.padEnd(w)}  ${v.padStart(10)}  ${what}`);
console.log(JSON.stringify({ docker: manifest.versions.docker, ...results }));
process.exit(0);
