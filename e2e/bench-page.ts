/**
 * npm run bench:page — the VM benchmark in the real page (Debian Chromium, emulator in a Web Worker), measured the
 * way a learner feels it: from pressing Enter in the terminal until the command's output is complete.
 * A benchmark, not a test. Prints a table, then (last line) one JSON object. Env: BENCH_RUNS (default 5).
 * Serves the production build (vite preview) on localhost; service workers are blocked so bytes are real.
 */
import type { Page, Request } from "playwright-core";
import { launchChromium } from "./browser";
import { PROMPT, typeLine, waitFor, waitForTerminal } from "./page-helpers";
import { startServer } from "./server";

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

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

const server = await startServer("preview");
const browser = await launchChromium();
const context = await browser.newContext({ viewport: { width: 1280, height: 720 }, serviceWorkers: "block" });
const page = await context.newPage();
page.on("dialog", (d) => void d.accept());
let bytes = 0;
page.on("requestfinished", (r: Request) => void r.sizes().then((s) => (bytes += s.responseBodySize + s.responseHeadersSize)));

const results: Record<string, number> = {};
const rows: string[] = [];
const record = (key: string, samples: number[], what: string) => {
  results[key] = Math.round(median(samples));
  rows.push(`${key.padEnd(28)} ${String(results[key]).padStart(8)}  ${what} (n=${samples.length}: ${samples.join(", ")})`);
};
try {
  const t0 = Date.now();
  await page.goto(server.url);
  await waitFor("the boot overlay to go", async () => (await page.locator(".boot-overlay").count()) === 0, 5 * 60_000);
  await waitForTerminal(page, PROMPT, 60_000);
  record("open_to_prompt_ms", [Date.now() - t0], "page open → shell prompt, engine ready (cold browser cache)");
  results.first_prompt_bytes = bytes;
  rows.push(`${"first_prompt_bytes".padEnd(28)} ${String(bytes).padStart(8)}  bytes over the network before the prompt`);

  record("pull_busybox_ms", [await timed(page, "docker pull -q busybox")], "docker pull busybox (in-VM mirror)");
  record("first_run_after_restore_ms", [await timed(page, "docker run --rm busybox echo hi")], "first docker run after the page booted");
  const ps: number[] = [];
  for (let i = 0; i < RUNS; i++) ps.push(await timed(page, "docker ps"));
  record("docker_ps_ms", ps, "docker ps");
  const rm: number[] = [];
  for (let i = 0; i < RUNS; i++) rm.push(await timed(page, "docker run --rm busybox echo hi"));
  record("run_rm_ms", rm, "docker run --rm busybox echo hi");
  await timed(page, "docker pull -q nginx:alpine");
  const runp: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    runp.push(await timed(page, "docker run -d --name web -p 8080:80 nginx:alpine"));
    await timed(page, "docker rm -f web");
  }
  record("run_d_p_ms", runp, "docker run -d -p 8080:80 nginx:alpine");
  if (process.env.BENCH_BUILD !== "0") {
    const build = await timed(page, "cd /root && docker build -q . -t my-nginx:ubuntu -f Dockerfile; cd");
    record("build_ms", [build], "docker build of the seed's Dockerfile (FROM ubuntu, apt install nginx)");
  }
  const t1 = Date.now();
  await page.click("[data-testid=reset]");
  await waitFor("restore to start", async () => (await page.locator(".boot-overlay").count()) > 0, 20_000, 25).catch(() => null);
  await waitFor("restore to end", async () => (await page.locator(".boot-overlay").count()) === 0, 5 * 60_000, 25);
  await waitForTerminal(page, /restored the initial snapshot[\s\S]*root@docker-host/, 60_000);
  record("reset_ms", [Date.now() - t1], "reset button → prompt (restore the snapshot in the running page)");
  const heap = (await page.evaluate(() => (performance as unknown as { memory?: { usedJSHeapSize: number } }).memory?.usedJSHeapSize ?? 0)) as number;
  results.main_heap_mb = Math.round(heap / 1e6);
} finally {
  console.log(`\nPage benchmark — Debian Chromium, emulator in a Web Worker\n\n${rows.join("\n")}`);
  console.log(JSON.stringify(results));
  await browser.close();
  await server.close();
}
process.exit(0);
