/**
 * npm run profile:page — what does the page's main thread do while the guest runs a command? (issue 4)
 * Opens the production build in Debian Chromium, waits for the prompt, then records a V8 CPU profile of the page's
 * main thread (Chrome DevTools Protocol) around each command of PROFILE_COMMANDS (default: a pull and a run), and
 * prints the functions with the most self time, grouped by script. The emulator runs in a Web Worker: time the main
 * thread spends is time a 2-core machine does not give the emulator.
 * A diagnostic tool, not a test. Env: PROFILE_COMMANDS ("cmd1;;cmd2"), the vite build runs first (startServer).
 */
import { readdirSync, readFileSync } from "node:fs";
import type { CDPSession, Page } from "playwright-core";
import { launchChromium } from "./browser";
import { PROMPT, typeLine, waitFor, waitForTerminal } from "./page-helpers";
import { startServer } from "./server";

const COMMANDS = (process.env.PROFILE_COMMANDS ?? "docker pull -q busybox;;docker run --rm busybox echo hi;;docker run --rm busybox echo hi").split(";;");

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

/** Self time per function and per script (ms), from a CDP CPU profile. */
export function selfTimes(p: CpuProfile): { byFunction: Array<[string, number]>; byScript: Array<[string, number]>; totalMs: number } {
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const label = (n: ProfileNode) =>
    `${n.callFrame.functionName || "(anonymous)"} ${n.callFrame.url.split("/").pop() || "(native)"}:${n.callFrame.lineNumber + 1}:${n.callFrame.columnNumber + 1}`;
  const fn = new Map<string, number>();
  const script = new Map<string, number>();
  for (let i = 0; i < p.samples.length; i++) {
    const ms = (p.timeDeltas[i + 1] ?? 0) / 1000;
    const n = byId.get(p.samples[i]);
    if (!n) continue;
    const file = n.callFrame.url.split("/").pop() || "(native)";
    // the function and its two callers: minified names alone do not say much
    let name = label(n);
    for (let k = 0, q = parent.get(n.id); k < 2 && q !== undefined; k++, q = parent.get(q)) name += ` < ${label(byId.get(q)!)}`;
    fn.set(name, (fn.get(name) ?? 0) + ms);
    script.set(file, (script.get(file) ?? 0) + ms);
  }
  const sort = (m: Map<string, number>) => [...m].sort((a, b) => b[1] - a[1]);
  return { byFunction: sort(fn), byScript: sort(script), totalMs: (p.endTime - p.startTime) / 1000 };
}

/** CPU seconds per thread (by thread name) of every chromium renderer process, from /proc. */
function threadCpu(): Map<string, number> {
  const out = new Map<string, number>();
  const tick = 100; // USER_HZ
  for (const pid of readdirSync("/proc").filter((d) => /^\d+$/.test(d))) {
    let cmd = "";
    try {
      cmd = readFileSync(`/proc/${pid}/cmdline`, "utf8");
    } catch {
      continue;
    }
    if (!cmd.includes("chromium") || !cmd.includes("--type=renderer")) continue;
    let tasks: string[] = [];
    try {
      tasks = readdirSync(`/proc/${pid}/task`);
    } catch {
      continue;
    }
    for (const t of tasks) {
      try {
        const st = readFileSync(`/proc/${pid}/task/${t}/stat`, "utf8");
        const name = st.slice(st.indexOf("(") + 1, st.lastIndexOf(")"));
        const f = st.slice(st.lastIndexOf(")") + 2).split(" ");
        const key = t === pid ? "main thread" : name;
        out.set(key, (out.get(key) ?? 0) + (Number(f[11]) + Number(f[12])) / tick);
      } catch {
        /* thread gone */
      }
    }
  }
  return out;
}

let marker = 0;
async function run(page: Page, cdp: CDPSession, command: string): Promise<void> {
  marker++;
  const want = `DONE-${marker * 7}`;
  await cdp.send("Profiler.start");
  const cpu0 = threadCpu();
  const t0 = Date.now();
  await typeLine(page, `${command} >/dev/null; echo DONE-$((${marker}*7))`);
  // poll rarely: the probe itself must not keep the main thread busy
  await waitFor(want, async () => (await page.locator("[data-testid=terminal] .xterm-rows").innerText()).includes(want), 10 * 60_000, 1000);
  const wall = Date.now() - t0;
  const cpu1 = threadCpu();
  const { profile } = (await cdp.send("Profiler.stop")) as unknown as { profile: CpuProfile };
  const s = selfTimes(profile);
  const idle = s.byFunction.filter(([k]) => k.startsWith("(idle)")).reduce((a, [, v]) => a + v, 0);
  console.log(`\n## \`${command}\` — ${wall} ms wall; main thread busy ${Math.round(s.totalMs - idle)} ms of ${Math.round(s.totalMs)} ms profiled\n`);
  console.log("| renderer thread | CPU s |\n|---|---:|");
  for (const [k, v] of [...cpu1]
    .map(([k, v]) => [k, v - (cpu0.get(k) ?? 0)] as const)
    .filter(([, v]) => v > 0.05)
    .sort((a, b) => b[1] - a[1]))
    console.log(`| ${k} | ${v.toFixed(1)} |`);
  console.log("\n| script | self ms |\n|---|---:|");
  for (const [k, v] of s.byScript.slice(0, 8)) console.log(`| ${k} | ${Math.round(v)} |`);
  console.log("\n| function | self ms |\n|---|---:|");
  for (const [k, v] of s.byFunction.filter(([k]) => !k.startsWith("(idle)")).slice(0, 15)) console.log(`| ${k.replace(/\|/g, "\\|")} | ${Math.round(v)} |`);
}

const server = await startServer("preview");
const browser = await launchChromium();
try {
  const context = await browser.newContext({ viewport: { width: 1280, height: 720 }, serviceWorkers: "block" });
  const page = await context.newPage();
  page.on("dialog", (d) => void d.accept());
  await page.goto(server.url);
  await waitFor("the boot overlay to go", async () => (await page.locator(".boot-overlay").count()) === 0, 5 * 60_000, 1000);
  await waitForTerminal(page, PROMPT, 60_000);
  const cdp = await context.newCDPSession(page);
  await cdp.send("Profiler.enable");
  await cdp.send("Profiler.setSamplingInterval", { interval: 1000 });
  for (const c of COMMANDS) await run(page, cdp, c);
} finally {
  await browser.close();
  await server.close();
}
