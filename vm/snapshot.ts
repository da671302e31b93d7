/**
 * Build step: cold-boot the freshly built disk in Node, wait until dockerd answers, shrink the guest's
 * memory footprint (drop caches, reclaim mapped file pages; init_on_free zeroes freed pages) and save the machine state.
 * Usage: tsx vm/snapshot.ts <disk-dir> <out-dir> <emulator-dir>
 */
import { statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { NodeVm } from "../src/vm/node-vm";
import { readConfigEnv } from "./config-env.mjs";

const [diskDir, outDir, emulatorDir] = process.argv.slice(2);
const config = readConfigEnv();
const diskPath = join(diskDir, "disk.img");
const manifest = {
  memoryMb: Number(config.MEM_MB),
  cmdline: config.CMDLINE,
  disk: { size: statSync(diskPath).size, chunkBytes: Number(config.CHUNK_BYTES), chunks: 0, compressedBytes: 0, url: "" },
};

const t0 = Date.now();
const progress = setInterval(() => process.stdout.write(`  … booting, ${Math.round((Date.now() - t0) / 1000)} s\n`), 15000);
const vm = await NodeVm.start({ cold: true, artefactDir: diskDir, diskPath, manifest, emulatorDir, showConsole: !!process.env.SHOW_CONSOLE }).catch((e) => {
  clearInterval(progress);
  throw e;
});
clearInterval(progress);
console.log(`  dockerd answered ${(vm.bootMs / 1000).toFixed(1)} s after power-on`);
const info = (await vm.guest.engine("GET", "/info")).json<{ ServerVersion: string; Driver: string; CgroupVersion: string }>();
console.log(`  engine ${info.ServerVersion}, storage ${info.Driver}, cgroup v${info.CgroupVersion}`);

// Let start-up work settle, then give the page a clean, small state.
await new Promise((r) => setTimeout(r, 3000));
// drop_caches leaves the page cache of every mapped file (dockerd's, containerd's … code: ~100 MB, the bulk of the
// state); the root cgroup's memory.reclaim evicts those clean pages too (the write reports EAGAIN when it could not
// reclaim all it was asked, which is the point: everything reclaimable). They are on the disk, so the guest reads
// them back from its chunks when it runs that code (the warm-up does, after the prompt). With what follows, the state
// went from ~175 to ~99 MB raw, ~48 to ~24 MB zstd (docs/performance.md §11).
const shrink = await vm.guest.exec(
  [
    "/bin/sh",
    "-c",
    "sync; echo 3 > /proc/sys/vm/drop_caches; echo 1G > /sys/fs/cgroup/memory.reclaim 2>/dev/null; echo 1 > /proc/sys/vm/compact_memory; " +
      "free -m | awk '/Mem:/{print $3, $6}'",
  ],
  { timeoutMs: 600_000 },
);
const [usedMb, cacheMb] = shrink.out.trim().split(/\s+/).map(Number);
// The daemons' periodic work (Go timers of containerd and dockerd, seconds apart) runs code the reclaim above evicted:
// let it run once here, or the page downloads that code's disk chunks right after the restore, before the prompt
// (measured in the page: containerd's chunk at 82 MB every time, dockerd's some times; 0.3–0.9 MB of the 25 MB budget).
await new Promise((r) => setTimeout(r, Number(process.env.SNAPSHOT_IDLE_MS ?? 20_000)));
// what that wrote or read meanwhile (logs, files) leaves the page cache again; the code the daemons run stays mapped, and
// the paths below are read again
const after = await vm.guest.exec(["/bin/sh", "-c", "sync; echo 1 > /proc/sys/vm/drop_caches; free -m | awk '/Mem:/{print $3, $6}'"]);
console.log(`  after the daemons' periodic work: guest uses ${after.out.trim().replace(" ", " MB (+ ")} MB page cache)`);
// What the page asks right after a restore, before the learner sees the prompt (src/vm/engine-ready.ts, the engine
// view): run once more here, so the code these paths need is in the state and the prompt waits for no disk chunk.
// (measured in the page: without the terminal's resize, the events, the lesson's file checks and a shell, the prompt
// still waited for 8 disk chunks: bash, libtinfo, dockerd's code, zoneinfo)
await vm.guest.exec(["date", "-u", "-s", `@${(Date.now() / 1000).toFixed(3)}`]);
const now = Math.floor(Date.now() / 1000);
for (const path of ["/_ping", "/images/json", "/containers/json?all=1", "/volumes", `/events?since=${now - 3600}&until=${now}`])
  await vm.guest.engine("GET", path);
// the page's own events subscription stays open (src/vm/engine-events.ts)
const unsubscribe = await vm.guest.engineEvents(`since=${now - 3600}`, () => {});
await new Promise((r) => setTimeout(r, 300));
unsubscribe();
vm.terminal.resize(100, 30);
vm.terminal.resize(80, 24);
await vm.guest.exec(["test", "-e", "/etc/docker/daemon.json"]);
await vm.guest.readFile("/etc/docker/daemon.json");
await vm.guest.exec(["bash", "-c", "date; true"]);
await new Promise((r) => setTimeout(r, 500));
const state = await vm.saveState();
writeFileSync(join(outDir, "state.bin"), new Uint8Array(state));
writeFileSync(
  join(outDir, "snapshot.json"),
  JSON.stringify(
    {
      savedAt: new Date().toISOString(),
      coldBootMs: Math.round(vm.bootMs),
      guestUsedMb: usedMb,
      guestCacheMb: cacheMb,
      rawBytes: state.byteLength,
      engine: info.ServerVersion,
    },
    null,
    2,
  ),
);
console.log(`  state saved: ${(state.byteLength / 1e6).toFixed(1)} MB raw, guest uses ${usedMb} MB (+ ${cacheMb} MB page cache)`);
await vm.destroy();
process.exit(0);
