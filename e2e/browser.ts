import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, type Browser, type BrowserContext } from "playwright-core";

const executablePath = () => process.env.CHROMIUM ?? "/usr/bin/chromium";
const args = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  // profile:page experiments, and npm test's lesson walk (scripts/test-all.sh): e.g. CHROMIUM_EXTRA_ARGS="--js-flags=--liftoff-only"
  ...(process.env.CHROMIUM_EXTRA_ARGS ?? "").split(" ").filter(Boolean),
];

/** Debian's chromium, never a downloaded one. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: executablePath(), args });
}

/** The same chromium with a profile on disk (real storage quota, as a visitor's browser has). */
export function launchChromiumProfile(userDataDir: string, viewport = { width: 1280, height: 720 }): Promise<BrowserContext> {
  return chromium.launchPersistentContext(userDataDir, { executablePath: executablePath(), args, viewport });
}

/**
 * A page in a fresh chromium profile on disk (origin-private storage and the service worker's caches as a visitor has
 * them), with its uncaught errors collected; `close()` closes the browser and deletes the profile.
 */
export async function openProfilePage(name: string) {
  const profile = mkdtempSync(join(tmpdir(), `${name}-`));
  const context = await launchChromiumProfile(profile);
  const page = context.pages()[0] ?? (await context.newPage());
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  const close = async () => {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  };
  return { context, page, errors, close };
}

/**
 * Memory of the running chromium, from /proc (Linux): proportional set size (shared pages counted once) of all its
 * processes, and of its renderers alone (the tab, with the emulator's Web Worker and its 512 MB guest RAM).
 * Only meaningful while one chromium runs on the machine.
 */
export function chromiumMemory(): { totalPssMb: number; rendererPssMb: number; processes: number } {
  let total = 0;
  let renderer = 0;
  let processes = 0;
  for (const pid of readdirSync("/proc").filter((d) => /^\d+$/.test(d))) {
    try {
      // chromium's child processes rewrite their command line as one space-separated string
      const cmd = readFileSync(`/proc/${pid}/cmdline`, "utf8").replace(/\0/g, " ");
      if (!/^\S*chrom/.test(cmd) || /--type=zygote/.test(cmd)) continue;
      const pss = /^Pss:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/smaps_rollup`, "utf8"));
      if (!pss) continue;
      const mb = Number(pss[1]) / 1024;
      total += mb;
      processes++;
      if (/--type=renderer/.test(cmd)) renderer += mb;
    } catch {
      /* gone meanwhile, or not ours to read */
    }
  }
  return { totalPssMb: Math.round(total), rendererPssMb: Math.round(renderer), processes };
}

/** Where the tab's memory goes: PSS in MB per kind of chromium process, and inside the renderers per kind of mapping. */
export interface MemoryParts {
  /** PSS per process type: browser, renderer, gpu-process, utility … */
  processes: Record<string, number>;
  /** the renderers' mappings: anonymous ≥ 256 MB (the emulator's WebAssembly memory: the guest's RAM, VGA memory
   * and the emulator's own tables; only the pages it touched count), executable anonymous (V8's code for JS and wasm: the emulator's JIT
   * modules), other anonymous (JS heaps, malloc, buffers), file-backed (chromium's binary and libraries, fonts) */
  renderer: { wasmMemory: number; code: number; heaps: number; files: number };
}

export function chromiumMemoryParts(): MemoryParts {
  const processes: Record<string, number> = {};
  const renderer = { wasmMemory: 0, code: 0, heaps: 0, files: 0 };
  const kb = { wasmMemory: 0, code: 0, heaps: 0, files: 0 };
  for (const pid of readdirSync("/proc").filter((d) => /^\d+$/.test(d))) {
    try {
      const cmd = readFileSync(`/proc/${pid}/cmdline`, "utf8").replace(/\0/g, " ");
      if (!/^\S*chrom/.test(cmd) || /--type=zygote/.test(cmd)) continue;
      const type = /--type=(\S+)/.exec(cmd)?.[1] ?? "browser";
      const pss = /^Pss:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/smaps_rollup`, "utf8"));
      if (!pss) continue;
      processes[type] = (processes[type] ?? 0) + Number(pss[1]) / 1024;
      if (type !== "renderer") continue;
      // smaps: a header line per mapping ("start-end perms offset dev inode [path]"), then its fields
      let part: keyof typeof kb = "heaps";
      for (const line of readFileSync(`/proc/${pid}/smaps`, "utf8").split("\n")) {
        const head = /^([0-9a-f]+)-([0-9a-f]+) (\S{4}) \S+ \S+ (\d+)\s*(.*)$/.exec(line);
        if (head) {
          const bytes = parseInt(head[2], 16) - parseInt(head[1], 16);
          const file = head[4] !== "0" && head[5].startsWith("/");
          part = file ? "files" : head[3].includes("x") ? "code" : bytes >= 2 ** 28 ? "wasmMemory" : "heaps";
          continue;
        }
        const p = /^Pss:\s+(\d+) kB/.exec(line);
        if (p) kb[part] += Number(p[1]);
      }
    } catch {
      /* gone meanwhile, or not ours to read */
    }
  }
  for (const k of Object.keys(kb) as (keyof typeof kb)[]) renderer[k] = Math.round(kb[k] / 1024);
  for (const k of Object.keys(processes)) processes[k] = Math.round(processes[k]);
  return { processes, renderer };
}
