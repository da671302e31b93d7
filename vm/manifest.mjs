// Writes public/vm/manifest.json: versions, sizes and sha256 of every artefact the page loads.
import { createHash } from "node:crypto";
import { copyFileSync, existsSync, readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { readConfigEnv } from "./config-env.mjs";

const [out, diskDir, stateDir, v86Version, diskKey, stateKey, emulatorDir] = process.argv.slice(2);
const config = readConfigEnv();
const sha = (p) => createHash("sha256").update(readFileSync(p)).digest("hex");
const file = (name) => ({ name, size: statSync(join(out, name)).size, sha256: sha(join(out, name)) });
const packages = readFileSync(join(out, "packages.txt"), "utf8");
const version = (pkg) => (packages.match(new RegExp(`^${pkg} (\\S+)`, "m")) || [])[1] ?? null;
const diskDirName = `disk-${diskKey}`;
const stateName = `state-${stateKey}.bin.zst`;
const chunks = readdirSync(join(out, diskDirName));
const chunkBytes = chunks.reduce((n, f) => n + statSync(join(out, diskDirName, f)).size, 0);
// The source build's gzipped wasm, which its loader unpacks (vm/emulator/patches/0004: 1.8 -> 0.3 MB from hosts that do
// not compress wasm), goes beside the raw one (which the Node harness reads); the stock emulator has none.
if (existsSync(join(emulatorDir, "v86.wasm.gz"))) copyFileSync(join(emulatorDir, "v86.wasm.gz"), join(out, "v86.wasm.gz"));
const snapshotInfo = JSON.parse(readFileSync(join(stateDir, "snapshot.json"), "utf8"));

function emulatorInfo() {
  const p = join(emulatorDir, "emulator.json");
  if (!existsSync(p)) return { build: "stock" };
  const e = JSON.parse(readFileSync(p, "utf8"));
  return { build: e.build, commit: e.commit, patches: e.patches };
}

const manifest = {
  format: 1,
  build: { diskKey, stateKey, builtAt: new Date().toISOString() },
  // build: "source" (vm/emulator: pinned upstream commit + our patches) or "stock" (npm's prebuilt emulator)
  // wasm: the file the page loads
  v86: { version: v86Version, ...emulatorInfo(), wasm: file(existsSync(join(out, "v86.wasm.gz")) ? "v86.wasm.gz" : "v86.wasm"), lib: file("libv86.mjs") },
  bios: file("bios.bin"),
  vgaBios: file("vgabios-stdvga.bin"),
  kernel: file("bzImage"),
  initrd: file("initrd.img"),
  cmdline: config.CMDLINE,
  memoryMb: Number(config.MEM_MB),
  disk: {
    size: statSync(join(diskDir, "disk.img")).size,
    chunkBytes: Number(config.CHUNK_BYTES),
    chunks: chunks.length,
    compressedBytes: chunkBytes,
    url: `${diskDirName}/disk.img.zst`,
  },
  state: { ...file(stateName), ...snapshotInfo },
  versions: {
    debianEngineSuite: config.ENGINE_SUITE,
    debianKernelSuite: config.KERNEL_SUITE,
    docker: version("docker.io"),
    containerd: version("containerd"),
    runc: version("runc"),
    crun: version("crun"),
    kernel: readFileSync(join(diskDir, "packages.txt"), "utf8").match(/linux-image-(\S+?)_/)?.[1] ?? null,
  },
};
writeFileSync(join(out, "manifest.json"), JSON.stringify(manifest, null, 2) + "\n");
console.log(
  `manifest: docker ${manifest.versions.docker}, state ${(manifest.state.size / 1e6).toFixed(1)} MB, disk ${chunks.length} chunks ${(chunkBytes / 1e6).toFixed(1)} MB`,
);
