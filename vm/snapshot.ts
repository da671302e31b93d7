/**
 * Build step: cold-boot the freshly built disk in Node, wait until dockerd answers, shrink the guest's
 * memory footprint (drop caches; init_on_free zeroes freed pages) and save the machine state.
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
const shrink = await vm.guest.exec(
  ["/bin/sh", "-c", "sync; echo 3 > /proc/sys/vm/drop_caches; echo 1 > /proc/sys/vm/compact_memory; free -m | awk '/Mem:/{print $3}'"],
  { timeoutMs: 600_000 },
);
const usedMb = Number(shrink.out.trim());
await new Promise((r) => setTimeout(r, 500));
const state = await vm.saveState();
writeFileSync(join(outDir, "state.bin"), new Uint8Array(state));
writeFileSync(
  join(outDir, "snapshot.json"),
  JSON.stringify(
    { savedAt: new Date().toISOString(), coldBootMs: Math.round(vm.bootMs), guestUsedMb: usedMb, rawBytes: state.byteLength, engine: info.ServerVersion },
    null,
    2,
  ),
);
console.log(`  state saved: ${(state.byteLength / 1e6).toFixed(1)} MB raw, guest uses ${usedMb} MB`);
await vm.destroy();
process.exit(0);
