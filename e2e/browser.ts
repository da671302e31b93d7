import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";

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

/**
 * What a memory benchmark launches: chromium behind e2e/chromium-no-devtools-bodies.mjs, which keeps Playwright's
 * DevTools session from holding a copy of every response body in the tab (up to 200 MB per page and per worker, the
 * disk chunks; a learner's browser has no DevTools attached). Playwright's request events are unchanged;
 * `response.body()` does not work there. LEARNER_MEMORY=0 measures with Playwright's default (the copies kept).
 */
export interface LaunchOptions {
  devtoolsBodies?: boolean;
}
const NO_BODIES = fileURLToPath(new URL("./chromium-no-devtools-bodies.mjs", import.meta.url));
function launchEnv(o: LaunchOptions) {
  if (o.devtoolsBodies !== false || process.env.LEARNER_MEMORY === "0") return { executablePath: executablePath(), args };
  return { executablePath: NO_BODIES, args, env: { ...process.env, CHROMIUM: executablePath() } };
}

/** Debian's chromium, never a downloaded one. */
export function launchChromium(o: LaunchOptions = {}): Promise<Browser> {
  return chromium.launch(launchEnv(o));
}

/** The same chromium with a profile on disk (real storage quota, as a visitor's browser has). */
export function launchChromiumProfile(userDataDir: string, viewport = { width: 1280, height: 720 }, o: LaunchOptions = {}): Promise<BrowserContext> {
  return chromium.launchPersistentContext(userDataDir, { ...launchEnv(o), viewport });
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
 * processes, and of its renderers alone (the tab, with the emulator's Web Worker and the guest's RAM).
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

/**
 * The renderer's heaps by allocator, from Chromium's own memory dump (the "memory-infra" tracing category, over a
 * DevTools session of its own, which enables no Network domain): MB per allocator, for the renderer with the most
 * PartitionAlloc memory (the tab's).
 * - `array_buffer`: ArrayBuffers (the emulator's disk read cache; at the prompt also the snapshot's download and its
 *   unpacked copy until a garbage collection frees them);
 * - `blink_buffers`: Blink's buffer partition. Under Playwright it holds DevTools' copy of the responses: Playwright
 *   enables the Network domain, and Chromium then keeps up to 200 MB of response bodies per page and per worker
 *   (the disk chunks the emulator's worker downloads), which a learner's browser does not;
 * - `malloc`, `v8_main` / `v8_workers` (JS heaps and V8's own malloc: the emulator's compiled modules' metadata), `blink_gc`.
 */
export async function rendererAllocators(page: Page): Promise<Record<string, number>> {
  const cdp = await page.context().newCDPSession(page);
  try {
    const complete = new Promise<string>((r) => cdp.once("Tracing.tracingComplete", (e: { stream?: string }) => r(e.stream ?? "")));
    await cdp.send("Tracing.start", {
      traceConfig: { includedCategories: ["disabled-by-default-memory-infra"], memoryDumpConfig: { triggers: [] } },
      transferMode: "ReturnAsStream",
    } as never);
    await cdp.send("Tracing.requestMemoryDump", { deterministic: false, levelOfDetail: "detailed" } as never);
    await cdp.send("Tracing.end");
    const stream = await complete;
    let text = "";
    for (;;) {
      const c = await cdp.send("IO.read", { handle: stream, size: 1 << 20 });
      text += c.data;
      if (c.eof) break;
    }
    await cdp.send("IO.close", { handle: stream });
    type Dump = { ph: string; args?: { dumps?: { allocators?: Record<string, { attrs?: { size?: { value: string } } }> } } };
    const parsed = JSON.parse(text) as Dump[] | { traceEvents: Dump[] };
    const events = (Array.isArray(parsed) ? parsed : parsed.traceEvents).filter((e) => e.ph === "v");
    const mb = (a: Record<string, { attrs?: { size?: { value: string } } }>, k: string) => Math.round(parseInt(a[k]?.attrs?.size?.value ?? "0", 16) / 2 ** 20);
    let best: Record<string, number> = {};
    for (const e of events) {
      const a = e.args?.dumps?.allocators ?? {};
      const row = {
        array_buffer: mb(a, "partition_alloc/partitions/array_buffer"),
        blink_buffers: mb(a, "partition_alloc/partitions/buffer"),
        malloc: mb(a, "malloc"),
        v8_main: mb(a, "v8/main"),
        v8_workers: mb(a, "v8/workers"),
        blink_gc: mb(a, "blink_gc"),
      };
      if (row.array_buffer + row.blink_buffers > (best.array_buffer ?? -1) + (best.blink_buffers ?? 0)) best = row;
    }
    return best;
  } finally {
    await cdp.detach().catch(() => {});
  }
}
