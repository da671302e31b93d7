/**
 * npm run bench:page — the VM benchmark in the real page (Debian Chromium with default flags, emulator in a Web
 * Worker), measured the way a learner feels it: from pressing Enter in the terminal until the command's output is
 * complete. A benchmark, not a test: prints a table per emulator, then (last line) one JSON object.
 *
 * The sequence follows the seed: first command, pulls, runs, `-d -p`, `rm -f`, the registry and a push, a restart of
 * the engine, the seed's build, a reset. Serves the production build (vite preview) on localhost; service workers are
 * blocked so the bytes are real.
 *
 * Env: BENCH_EMULATOR = "source" (default: the emulator the VM build published, vm/emulator/), "stock" (the npm
 *      package's prebuilt v86, served under the same URLs), or "stock,source" for both, each in a fresh browser, with
 *      the ratios stock/source on the last line. BENCH_RUNS (default 5) for the repeated rows; BENCH_BUILD=0 skips
 *      the build; BENCH_RUN_RM=20 warm `run --rm`s. BENCH_WARMUP=0 opens the page with ?warmup=0 (no warm-up of the
 *      engine's hot paths after the restore, src/vm/warm-up.ts; on by default, as learners have it); BENCH_READ_MS
 *      (default 60000 with the warm-up, 0 without) is the learner's reading time between the prompt and the first
 *      command. BENCH_EMULATOR may also name `state=<path of a state .bin.zst>` (another machine state) and/or
 *      `emulator=<dir with libv86.mjs and v86.wasm>` (another emulator build), joined by "+": e.g. an earlier build's
 *      pair from /var/cache/dockersandbox against the published one, in one session. BENCH_UNTIL=first_run
 *      stops the sequence after the first `docker run` and the `docker ps` rows (the rows a snapshot changes).
 */
import { createHash } from "node:crypto";
import { existsSync, readFileSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import type { Page, Request } from "playwright-core";
import { chromiumMemory, chromiumMemoryParts, launchChromium, rendererAllocators } from "./browser";
import { PROMPT, typeLine, waitFor, waitForTerminal } from "./page-helpers";
import { startServer } from "./server";
import { stockState } from "./stock-state";

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const RUN_RM = Math.max(7, Number(process.env.BENCH_RUN_RM ?? 20));
const WARMUP = process.env.BENCH_WARMUP !== "0";
const READ_MS = Number(process.env.BENCH_READ_MS ?? (WARMUP ? 60_000 : 0));
/** each variant: "source", "stock", or parts joined by "+": emulator=<dir>, state=<file> */
const EMULATORS = (process.env.BENCH_EMULATOR ?? "source").split(",").map((s) => s.trim());
const SHORT = process.env.BENCH_UNTIL === "first_run";
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const STOCK_DIR = dirname(createRequire(import.meta.url).resolve("v86/build/v86.wasm"));

let marker = 0;
/** Types `command` followed by a marker echo; resolves with ms from Enter to the marker on screen. */
async function timed(page: Page, command: string, timeoutMs = 10 * 60_000): Promise<number> {
  marker++;
  const want = `DONE-${marker * 7}`;
  await typeLine(page, `clear; ${command} >/dev/null; echo DONE-$((${marker}*7))`);
  const t0 = Date.now();
  await waitFor(want, async () => (await page.locator("[data-testid=terminal] .xterm-rows").innerText()).includes(want), timeoutMs, 25);
  return Date.now() - t0;
}

/** The sequence after the first `docker run`: warm runs, nginx, the registry and a push, a restart, the build. */
async function restOfSequence(page: Page, rm: number[], record: (key: string, samples: number[], what: string) => void) {
  record("run_rm_ms", rm.slice(2, 7), "docker run --rm busybox echo hi, warm runs 3–7");
  record("run_rm_20th_ms", [rm[RUN_RM - 1]], `the ${RUN_RM}th warm run`);
  record("pull_nginx_alpine_ms", [await timed(page, "docker pull -q nginx:alpine")], "docker pull nginx:alpine");
  const runp: number[] = [];
  const rmf: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    runp.push(await timed(page, "docker run -d --name web -p 8080:80 nginx:alpine"));
    rmf.push(await timed(page, "docker rm -f web"));
  }
  record("run_d_p_ms", runp, "docker run -d -p 8080:80 nginx:alpine");
  record("rm_f_ms", rmf, "docker rm -f of the running nginx");
  record("registry_run_ms", [await timed(page, "docker run -d -p 5000:5000 --restart always --name registry registry:2")], "the seed's registry:2 container");
  await timed(page, "docker tag nginx:alpine localhost:5000/nginx:alpine");
  record("push_ms", [await timed(page, "docker push localhost:5000/nginx:alpine")], "docker push localhost:5000/nginx:alpine");
  record("restart_docker_ms", [await timed(page, "systemctl restart docker")], "systemctl restart docker");
  record("after_restart_ps_ms", [await timed(page, "docker ps")], "docker ps right after the restart");
  if (process.env.BENCH_BUILD !== "0") {
    const build = await timed(page, "cd /root && docker build -q . -t my-nginx:ubuntu -f Dockerfile; cd", 20 * 60_000);
    record("build_ms", [build], "docker build of the seed's Dockerfile (FROM ubuntu, apt install nginx)");
  }
}

async function benchOne(url: string, emulator: string): Promise<Record<string, number | string>> {
  const browser = await launchChromium({ devtoolsBodies: false });
  const context = await browser.newContext({ viewport: { width: 1280, height: 720 }, serviceWorkers: "block" });
  const page = await context.newPage();
  page.on("dialog", (d) => void d.accept());
  // parts of a variant joined by "+": stock | emulator=<dir with libv86.mjs and v86.wasm> | state=<file>
  const parts = Object.fromEntries(emulator.split("+").map((p) => [p.split("=")[0], p.slice(p.indexOf("=") + 1)]));
  const emulatorDir = "stock" in parts ? STOCK_DIR : parts.emulator;
  // the manifest, as the variant changes it
  const edits: Array<(m: { v86: { wasm: { name: string; size: number } }; state: { size: number; sha256: string } }) => void> = [];
  if (emulatorDir) {
    // the same page and VM, with another build of the emulator under the URLs of the published one (its wasm
    // gzipped when the build has one: only a build with patch 0004 unpacks it)
    const wasmName = existsSync(join(emulatorDir, "v86.wasm.gz")) ? "v86.wasm.gz" : "v86.wasm";
    for (const [name, type] of [
      ["libv86.mjs", "text/javascript"],
      [wasmName, wasmName.endsWith(".gz") ? "application/gzip" : "application/wasm"],
    ] as const) {
      const body = readFileSync(join(emulatorDir, name));
      await page.route(`**/vm/${name}`, (r) => r.fulfill({ status: 200, contentType: type, body }));
    }
    edits.push((m) => (m.v86.wasm = { ...m.v86.wasm, name: wasmName, size: statSync(join(emulatorDir, wasmName)).size }));
  }
  const published = JSON.parse(readFileSync(new URL("../public/vm/manifest.json", import.meta.url), "utf8")) as { state: { name: string } };
  // npm's v86 reads the published state with the disk's written blocks in its own form (e2e/stock-state.ts)
  const stateBody = parts.state
    ? readFileSync(parts.state)
    : "stock" in parts
      ? stockState(new URL(`../public/vm/${published.state.name}`, import.meta.url).pathname).state
      : undefined;
  if (stateBody) {
    // the published disk with another machine state (or the published one in stock's form), under the published state's URL
    const body = stateBody;
    edits.push((m) => (m.state = { ...m.state, size: body.byteLength, sha256: createHash("sha256").update(body).digest("hex") }));
    await page.route(`**/vm/${published.state.name}`, (r) => r.fulfill({ status: 200, contentType: "application/octet-stream", body }));
  }
  if (edits.length > 0) {
    await page.route("**/vm/manifest.json", async (r) => {
      const m = await (await r.fetch()).json();
      for (const edit of edits) edit(m);
      await r.fulfill({ status: 200, contentType: "application/json", body: JSON.stringify(m) });
    });
  }
  let bytes = 0;
  const byKind = new Map<string, number>();
  page.on(
    "requestfinished",
    (r: Request) =>
      void r.sizes().then((s) => {
        const n = s.responseBodySize + s.responseHeadersSize;
        bytes += n;
        const path = new URL(r.url()).pathname;
        const kind = path.includes("/disk-") ? "disk chunks" : path.includes("/vm/") ? path.replace(/.*\/vm\//, "vm/") : (path.split(".").pop() ?? path);
        byKind.set(kind, (byKind.get(kind) ?? 0) + n);
      }),
  );

  const manifest = JSON.parse(readFileSync(new URL("../public/vm/manifest.json", import.meta.url), "utf8")) as { v86: { version: string } };
  const results: Record<string, number | string> = {
    emulator:
      emulator === "stock"
        ? `stock ${JSON.parse(readFileSync(join(STOCK_DIR, "../package.json"), "utf8")).version}`
        : `source ${manifest.v86.version}${emulator !== "source" ? ` with ${emulator}` : ""}`,
  };
  if (WARMUP) results.emulator += " + warm-up";
  const rows: string[] = [];
  const record = (key: string, samples: number[], what: string) => {
    results[key] = Math.round(median(samples));
    rows.push(`${key.padEnd(28)} ${String(results[key]).padStart(8)}  ${what} (n=${samples.length}: ${samples.join(", ")})`);
  };
  const note = (key: string, value: number, what: string) => {
    results[key] = value;
    rows.push(`${key.padEnd(28)} ${String(value).padStart(8)}  ${what}`);
  };
  /** where the memory is (e2e/browser.ts): per process type, and the renderer's WebAssembly memories, code, heaps */
  const noteParts = async (moment: string) => {
    const parts = chromiumMemoryParts();
    for (const [type, mb] of Object.entries(parts.processes)) note(`pss_${type.replace(/-.*/, "")}_${moment}_mb`, mb, `PSS of chromium's ${type} process(es)`);
    for (const [part, mb] of Object.entries(parts.renderer)) note(`renderer_${part}_${moment}_mb`, mb, `renderer PSS: ${part}`);
    // the heaps by allocator (Chromium's memory dump; blink_buffers is mostly DevTools' copy of the responses: e2e/browser.ts)
    const allocators = await rendererAllocators(page).catch(() => ({}));
    for (const [name, mb] of Object.entries(allocators)) note(`alloc_${name}_${moment}_mb`, mb, `renderer heaps: ${name} (Chromium's memory dump)`);
  };
  try {
    const t0 = Date.now();
    await page.goto(WARMUP ? url : `${url}${url.includes("?") ? "&" : "?"}warmup=0`);
    await waitFor("the boot overlay to go", async () => (await page.locator(".boot-overlay").count()) === 0, 5 * 60_000);
    await waitForTerminal(page, PROMPT, 60_000);
    record("open_to_prompt_ms", [Date.now() - t0], "page open → shell prompt, engine ready (cold browser cache)");
    note("first_prompt_bytes", bytes, "bytes over the network before the prompt");
    rows.push(
      `  of which: ${[...byKind]
        .sort((a, b) => b[1] - a[1])
        .map(([k, n]) => `${k} ${(n / 1e6).toFixed(2)} MB`)
        .join(", ")}`,
    );
    results.first_prompt_chunk_bytes = byKind.get("disk chunks") ?? 0;
    note("pss_prompt_mb", chromiumMemory().totalPssMb, "Chromium PSS (all processes) at the prompt");
    await noteParts("prompt");
    if (READ_MS) {
      await page.waitForTimeout(READ_MS);
      note("read_ms", READ_MS, `the learner reads before the first command${WARMUP ? " (warm-up running)" : ""}`);
    }

    record("first_cmd_ms", [await timed(page, "docker images")], "first command after the prompt: docker images");
    if (WARMUP) {
      const w = await page.evaluate(() =>
        performance
          .getEntriesByType("measure")
          .filter((m) => m.name.startsWith("vm-warm-up:"))
          .map((m) => ({ name: m.name, ms: m.duration })),
      );
      for (const m of w)
        note(`warmup_${m.name.split(":")[1]}_ms`, Math.round(m.ms), "the warm-up after the restore (done / stopped by the first Enter / failed)");
    }
    record("pull_busybox_ms", [await timed(page, "docker pull -q busybox")], "docker pull busybox (built-in catalog)");
    record("first_run_after_restore_ms", [await timed(page, "docker run --rm busybox echo hi")], "first docker run after the page booted");
    const ps: number[] = [];
    for (let i = 0; i < RUNS; i++) ps.push(await timed(page, "docker ps"));
    record("docker_ps_ms", ps, "docker ps");
    const rm: number[] = [];
    for (let i = 0; i < (SHORT ? 0 : RUN_RM); i++) rm.push(await timed(page, "docker run --rm busybox echo hi"));
    if (!SHORT) await restOfSequence(page, rm, record);
    type Jit = { compiled: number; sweeps?: number; flushes?: number; live?: number };
    const jits = await Promise.all(
      page.workers().map((w) => w.evaluate(() => (self as unknown as { sandboxJitStats?: () => Jit }).sandboxJitStats?.() ?? null).catch(() => null)),
    );
    const jit = jits.find((j): j is Jit => !!j);
    if (jit) {
      note("jit_compiled", jit.compiled, "wasm modules the emulator's JIT compiled in the session");
      if (jit.sweeps !== undefined) note("jit_sweeps", jit.sweeps, "eviction sweeps (table full: modules not run since the last sweep dropped)");
      if (jit.flushes !== undefined) note("jit_flushes", jit.flushes, "full flushes (every module dropped)");
      if (jit.live !== undefined) note("jit_live", jit.live, "modules live at the end");
    }
    note("pss_end_mb", chromiumMemory().totalPssMb, "Chromium PSS (all processes) after the sequence");
    note("renderer_end_mb", chromiumMemory().rendererPssMb, "renderer PSS after the sequence");
    await noteParts("end");
    const t1 = Date.now();
    await page.click("[data-testid=reset]");
    await waitFor("restore to start", async () => (await page.locator(".boot-overlay").count()) > 0, 20_000, 25).catch(() => null);
    await waitFor("restore to end", async () => (await page.locator(".boot-overlay").count()) === 0, 5 * 60_000, 25);
    await waitForTerminal(page, /restored the initial snapshot[\s\S]*root@docker-host/, 60_000);
    record("reset_ms", [Date.now() - t1], "reset button → prompt (restore the snapshot in the running page)");
    const heap = (await page.evaluate(() => (performance as unknown as { memory?: { usedJSHeapSize: number } }).memory?.usedJSHeapSize ?? 0)) as number;
    results.main_heap_mb = Math.round(heap / 1e6);
  } finally {
    console.log(`\nPage benchmark — Debian Chromium (default flags), emulator ${results.emulator}\n\n${rows.join("\n")}`);
    console.log(JSON.stringify(results));
    await browser.close();
  }
  return results;
}

const server = await startServer("preview");
const all: Record<string, number | string>[] = [];
try {
  for (const e of EMULATORS) all.push(await benchOne(server.url, e));
} finally {
  await server.close();
}
if (all.length === 2) {
  // side by side: ratio first/second per row (e.g. stock/source: how many times faster the source build is)
  const [a, b] = all;
  const ratio: Record<string, number> = {};
  for (const k of Object.keys(a))
    if (typeof a[k] === "number" && typeof b[k] === "number" && b[k]) ratio[k] = Math.round(((a[k] as number) / (b[k] as number)) * 100) / 100;
  console.log(`\nratio ${EMULATORS[0]}/${EMULATORS[1]} per row:`);
  for (const [k, v] of Object.entries(ratio)) console.log(`${k.padEnd(28)} ${String(v).padStart(8)}`);
  console.log(JSON.stringify({ [EMULATORS[0]]: a, [EMULATORS[1]]: b, ratio }));
}
process.exit(0);
