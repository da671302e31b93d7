/**
 * The whole seed lesson (tutorials/docker-core-elements) in the real page, as a learner does it:
 * for every step with a check, the check is not passed before, the step's solution is typed into the
 * terminal (keystrokes into xterm; one step uses the lesson's own "Run" button), and the check turns green
 * before "next" is clicked. No solution command may print a daemon error or exit non-zero unless its step expects
 * that error (`expectedErrors`; the rule is src/lesson/solution-errors.ts). A failed step is recorded (screenshot in e2e/artifacts/) and the walk goes on
 * with the step list's "jump here" for the next step, so one failure does not hide the rest.
 * Also measured: page open → prompt, main-thread long tasks during boot, the tab's JS heap after the lesson.
 * The browser has a profile on disk, as a learner's has (origin-private storage on disk, not in its memory).
 * Writes test-results/e2e-lesson.json. Run: npm run test:e2e:lesson   (E2E_MODE=preview: the production build;
 * LESSON_STEPS=id1,id2 or LESSON_FROM=id to walk part of it while developing)
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { parseLesson, type Step } from "../src/lesson";
import { readLessonFolder } from "../src/lesson/read-lesson-folder";
import { interruptAfter } from "../src/lesson/interrupt";
import { knownSandboxError, solutionCommandProblem } from "../src/lesson/solution-errors";
import { chromiumMemory, chromiumMemoryParts, launchChromiumProfile, rendererAllocators, type MemoryParts } from "./browser";
import { ART, MIN, PROMPT, e2ePreamble, terminalText, waitFor, waitForTerminal } from "./page-helpers";
import { startServer } from "./server";

const ROOT = new URL("..", import.meta.url).pathname;
const OUT = `${ROOT}test-results/e2e-lesson.json`;
const log = e2ePreamble("lesson");
mkdirSync(`${ROOT}test-results`, { recursive: true });

const lesson = parseLesson(readLessonFolder(`${ROOT}tutorials/docker-core-elements`), { id: "docker-core-elements" });
const HOST_PROMPT = PROMPT;
/** Commands that stay in the foreground until Ctrl-C (like on a real host); as vm/test/lesson-walkthrough.test.ts. */
const SLOW = /docker (build|pull|push|run|save|load|restart)|systemctl|service/;
/** The step whose command is started with the lesson's own "Run" button instead of the keyboard. */
const RUN_BUTTON_STEP = "list-images";

interface StepResult {
  id: string;
  ms: number;
  ok: boolean;
  error?: string;
  via?: "jump" | "goto";
  checkMs?: number;
  /** Presses of the "检查" button before the check turned green (0: the page's own checks did it). */
  manualChecks?: number;
  /** Each typed command: Enter to the prompt again (ms). */
  /** each solution command typed, with its exit status when the shell marked one (not after Ctrl-C, not in a container) */
  commands?: { line: string; ms: number; exitStatus?: number }[];
  /** The daemon error that made the walk type the step's commands a second time, as a learner would. */
  retried?: string;
  /** Documented sandbox errors a command showed (README, "Sandbox differences"), tolerated by the walk. */
  sandboxErrors?: string[];
  /** Chromium's PSS (all processes) when the step ended. */
  pssMb?: number;
}
const report = {
  passed: 0,
  failed: 0,
  numPassedTests: 0,
  numFailedTests: 0,
  /** Steps not started because the run's time budget (TEST_DEADLINE, set by .ci/run) was nearly spent. */
  numPendingTests: 0,
  notReached: [] as string[],
  complete: false,
  mode: process.env.E2E_MODE ?? "dev",
  openToPromptMs: 0,
  bootLongTasks: { count: 0, totalMs: 0, maxMs: 0 },
  lessonLongTasks: { count: 0, totalMs: 0, maxMs: 0 },
  /** Rewind points: how long each save held the emulator (its CPU stops, the guest clock runs on). */
  saveState: { count: 0, totalMs: 0, maxMs: 0 },
  /** The step list's rewind line at the end (points kept, bytes, and whether points stopped: state too large). */
  rewindText: "",
  /** Steps passed only after typing their commands again (a daemon error on the first try). */
  retried: [] as string[],
  heapAfterLesson: {} as Record<string, number>,
  /** After the lesson: PSS of chromium's processes and of its renderer (the tab, its worker and the guest's RAM). */
  tabMemory: { totalPssMb: 0, rendererPssMb: 0, processes: 0 },
  tabMemoryAtPrompt: { totalPssMb: 0, rendererPssMb: 0, processes: 0 },
  /** Chromium's PSS at the end minus at the end of the step before the last 20 (issue 16: ≤ 100 MB). */
  growthLast20StepsMb: null as number | null,
  /** Where that memory is, at the prompt and at the end (e2e/browser.ts). */
  memoryParts: {} as Record<"prompt" | "end", MemoryParts>,
  /** The renderer's heaps by allocator, at the prompt and at the end (e2e/browser.ts: `blink_buffers` is mostly
   * DevTools' copy of the responses, which Playwright's Network domain makes Chromium keep and a learner's tab lacks). */
  allocators: {} as Record<"prompt" | "end", Record<string, number>>,
  /** After the walk (one more test): ↺ back to an early step, then ↺ on the last one; the tab's memory then. */
  afterWalk: {
    ok: false,
    error: "",
    rewindEarlyMs: 0,
    rewindLastMs: 0,
    tabMemory: null as ReturnType<typeof chromiumMemory> | null,
    memoryParts: null as MemoryParts | null,
    allocators: {} as Record<string, number>,
    tabMemoryIdle: null as ReturnType<typeof chromiumMemory> | null,
    allocatorsIdle: {} as Record<string, number>,
    /** Chromium PSS (MB) every 5 s from the prompt after the last rewind, with the rewind point's save if one ran. */
    pssSeries: [] as Array<{ s: number; totalPssMb: number; rendererPssMb: number }>,
    /** The page's machine saves (rewind points) after the last rewind: start and end, s after its prompt. */
    savesAfter: [] as Array<{ startS: number; endS: number }>,
  },
  totalMs: 0,
  steps: [] as StepResult[],
  errors: [] as string[],
  pageErrors: [] as string[],
};
const save = () => {
  report.passed = report.steps.filter((s) => s.ok).length + (report.afterWalk.ok ? 1 : 0);
  report.failed = report.steps.filter((s) => !s.ok).length + (report.afterWalk.error ? 1 : 0);
  // for scripts/summarize-tests.mjs: every step is a test; a walk that did not finish, or uncaught page errors, one more failure
  report.numPassedTests = report.passed;
  report.numFailedTests = report.failed + (report.complete ? 0 : 1) + (report.pageErrors.length ? 1 : 0);
  writeFileSync(OUT, JSON.stringify(report, null, 2) + "\n");
};

const rows = (text: string) => text.split("\n").map((r) => r.trimEnd());
const lastRow = (text: string) =>
  rows(text)
    .filter((r) => r.length > 0)
    .pop() ?? "";
/** A shell prompt on the last line: the host's, or a container's ("/ # ", "root@abc:/# "). */
const atPrompt = (text: string) => /[#$]$/.test(lastRow(text));
const joined = (text: string) => text.replace(/\n/g, "");

async function focusTerminal(page: Page) {
  await page.locator("[data-testid=terminal] .xterm-helper-textarea").focus();
}

/**
 * After a line was entered: its echo is on screen, the screen changed, and a prompt is on the last line again.
 * (Without the echo/changed conditions a stale prompt from before the keystrokes arrived would count.)
 */
async function waitPromptAfter(page: Page, line: string, before: string, timeoutMs: number) {
  const tail = line.slice(-24);
  return waitFor(
    `a prompt after \`${line}\``,
    async () => {
      const t = await terminalText(page);
      return t.trimEnd() !== before.trimEnd() && joined(t).includes(tail) && atPrompt(t) && !lastRow(t).endsWith(tail.trimEnd()) ? t : null;
    },
    timeoutMs,
    300,
  );
}

/** What a typed command showed: the terminal below its echo, and the exit status the shell marked (if it did). */
interface Typed {
  output: string;
  exitStatus?: number;
}

/** Exit statuses the learner's shell reported so far (OSC 133;D, tapped from the VM worker's terminal bytes; see below). */
const shellExits = (page: Page) => page.evaluate(() => (window as unknown as { __shellExits: number[] }).__shellExits.slice());
/** The terminal bytes that came before the n-th exit mark (the command's echo and its whole output, not just the screen). */
const shellOutput = (page: Page, n: number) => page.evaluate((i) => (window as unknown as { __shellOutputs: string[] }).__shellOutputs[i] ?? "", n);

/** What a command showed: the bytes before its exit mark when the shell marked one, else the rows below its echo. */
async function outcomeSince(page: Page, line: string, exitsBefore: number, interrupted = false): Promise<Typed> {
  const exits = await shellExits(page);
  if (interrupted || exits.length === exitsBefore) return { output: outputAfterEcho(await terminalText(page), line) };
  return { output: await shellOutput(page, exits.length - 1), exitStatus: exits[exits.length - 1] };
}

/** The rows below the last row that ends with the command's echo (all rows when the echo has scrolled away). */
function outputAfterEcho(text: string, line: string): string {
  const rs = rows(text);
  const tail = line.slice(-24).trimEnd();
  for (let i = rs.length - 1; i >= 0; i--) {
    if (joined(rs.slice(Math.max(0, i - 3), i + 1).join("\n")).endsWith(tail)) return rs.slice(i + 1).join("\n");
  }
  return text;
}

/** Types a command; `interrupt` (src/lesson/interrupt.ts): it runs until Ctrl-C, pressed after its check passes or a few seconds. */
async function typeCommand(page: Page, line: string, r?: StepResult, interrupt: "check" | "time" | null = null): Promise<Typed> {
  const t = Date.now();
  const exitsBefore = (await shellExits(page)).length;
  const record = { line, ms: 0 } as NonNullable<StepResult["commands"]>[number];
  if (r) (r.commands ??= []).push(record);
  try {
    await typeLine(page, line, interrupt);
  } finally {
    record.ms = Date.now() - t;
  }
  // a command stopped with Ctrl-C, or typed in a container's shell, has no status of its own
  const typed = await outcomeSince(page, line, exitsBefore, interrupt !== null);
  if (typed.exitStatus !== undefined) record.exitStatus = typed.exitStatus;
  return typed;
}

async function typeLine(page: Page, line: string, interrupt: "check" | "time" | null = null): Promise<void> {
  await focusTerminal(page);
  await page.keyboard.type(line, { delay: 2 });
  // like a person: Enter once the line shows at the prompt. Then the command is done when the last row is a prompt
  // again that does not end with the line (its echo may have scrolled out of view: `curl` prints a whole page).
  const tail = line.slice(-24);
  const shown = (t: string) => joined(rows(t).filter(Boolean).slice(-4).join("\n")).endsWith(tail.trimEnd());
  await waitFor(`the echo of \`${line}\``, async () => shown(await terminalText(page)), 60_000, 100);
  const before = await terminalText(page);
  await page.keyboard.press("Enter");
  if (interrupt) {
    const tail = line.slice(-24);
    await waitFor(`the echo of \`${line}\``, async () => joined(await terminalText(page)).includes(tail), 30_000);
    if (interrupt === "check") {
      // like a person: Ctrl-C once the container is up (the step's check turns green) — a Ctrl-C while the CLI
      // is still creating it (the first run after a busy stretch can take a minute) would cancel the run itself
      await waitFor(`the container of \`${line}\` (the check passing)`, async () => (await checkStatus(page)) === "passed", 5 * MIN, 500);
      await page.waitForTimeout(2000);
    } else await page.waitForTimeout(8000);
    // like a person: Ctrl-C, and again if it did not stop (a SIGINT that reaches nginx before it set up its
    // handlers is lost, as on a real host)
    for (let attempt = 1; ; attempt++) {
      await focusTerminal(page);
      await page.keyboard.press("Control+C");
      const back = await waitFor("the host prompt after Ctrl-C", async () => HOST_PROMPT.test(lastRow(await terminalText(page))), 30_000).catch(() => false);
      if (back) return;
      if (attempt === 6) throw new Error(`no host prompt after ${attempt} × Ctrl-C`);
    }
  }
  // the seed's docker build (apt-get install nginx in a container) takes 6–8 min in the page on this machine kind
  await waitFor(
    `a prompt after \`${line}\``,
    async () => {
      const t = await terminalText(page);
      return t !== before && atPrompt(t) && !shown(t);
    },
    /^docker build/.test(line) ? 15 * MIN : SLOW.test(line) ? 6 * MIN : 2 * MIN,
    300,
  );
}

async function currentStepId(page: Page): Promise<string | null> {
  return page
    .locator("article.step")
    .getAttribute("data-step", { timeout: 5000 })
    .catch(() => null);
}

async function checkStatus(page: Page): Promise<string | null> {
  return page
    .locator("[data-testid=check-box]")
    .getAttribute("data-status", { timeout: 5000 })
    .catch(() => null);
}

/** Back to the host prompt from wherever a failed step left the terminal (a foreground command, a container shell). */
async function recoverTerminal(page: Page) {
  for (const keys of ["Control+C", "exit", "exit"]) {
    if (HOST_PROMPT.test(lastRow(await terminalText(page).catch(() => "")))) return;
    await focusTerminal(page).catch(() => {});
    if (keys === "exit") {
      await page.keyboard.type("exit");
      await page.keyboard.press("Enter");
    } else await page.keyboard.press(keys);
    await page.waitForTimeout(3000);
  }
}

async function setStepList(page: Page, open: boolean) {
  const counter = page.locator(".step-counter");
  if (((await counter.getAttribute("aria-expanded")) === "true") !== open) await counter.click();
}

/** The lesson panel's error line (a failed setup, jump or rewind), or "". */
function lessonError(page: Page): Promise<string> {
  return page
    .locator(".lesson-panel .error-text")
    .first()
    .innerText({ timeout: 500 })
    .catch(() => "");
}

/** The step list's "jump here" (runs the step's setup in the VM after a confirm dialog, accepted by the handler). */
async function jumpTo(page: Page, step: Step) {
  await setStepList(page, true);
  await page.locator(`[data-testid=jump-${step.id}]`).click();
  // the setup's error is shown at once (waitFor would keep polling through a thrown error)
  const outcome = await waitFor(
    `the jump to ${step.id}`,
    async () => {
      const err = await lessonError(page);
      if (err) return { err };
      return (await currentStepId(page)) === step.id && (await page.locator(`[data-testid=jump-${step.id}]`).count()) === 0 ? { err: "" } : null;
    },
    12 * MIN,
    1000,
  );
  await setStepList(page, false);
  if (outcome.err) throw new Error(`jump failed: ${outcome.err}`);
}

/** The walk's rule for one solution command (src/lesson/solution-errors.ts): the problem in words, or null. */
function judge(step: Step, r: StepResult, command: string, typed: Typed): string | null {
  const known = knownSandboxError(typed.output);
  if (known) (r.sandboxErrors ??= []).push(known.slice(0, 200));
  return solutionCommandProblem(step, { command, ...typed });
}

async function runStep(page: Page, step: Step, r: StepResult) {
  await waitFor(`step ${step.id} on screen`, async () => (await currentStepId(page)) === step.id, 30_000);
  if (step.check) {
    // the check as the page shows it: not passed before the commands (a check run now shows what is unmet)
    if ((await checkStatus(page)) === "passed") throw new Error("the check was already passed when the step was entered");
    await page.locator("[data-testid=check-now]").click();
    await page.waitForTimeout(500);
    await waitFor(
      "the check to finish",
      async () => (await checkStatus(page)) === "passed" || !(await page.locator("[data-testid=check-now]").isDisabled()),
      MIN,
    );
    const status = await checkStatus(page);
    if (status === "passed") throw new Error("the check was already passed before the step's commands");
  }
  let problems: string[] = [];
  for (const [i, cmd] of step.solution.entries()) {
    // E2E_SKIP_FIRST=<step id>: leave out the step's first command on the first try (exercises the retry below)
    if (i === 0 && step.solution.length > 1 && process.env.E2E_SKIP_FIRST === step.id) continue;
    let typed: Typed;
    if (step.id === RUN_BUTTON_STEP && i === 0) {
      const before = await terminalText(page);
      const exitsBefore = (await shellExits(page)).length;
      const t = Date.now();
      const button = page
        .locator(`article[data-step=${step.id}] .sh-cmd`)
        .filter({ has: page.locator(".sh-text", { hasText: cmd }) })
        .locator(".run-button")
        .first();
      await button.click();
      await waitPromptAfter(page, cmd, before, 2 * MIN);
      log("  (started with the lesson's Run button)");
      typed = await outcomeSince(page, cmd, exitsBefore);
      (r.commands ??= []).push({ line: cmd, ms: Date.now() - t, ...(typed.exitStatus !== undefined && { exitStatus: typed.exitStatus }) });
    } else typed = await typeCommand(page, cmd, r, interruptAfter(step, cmd));
    const problem = judge(step, r, cmd, typed);
    if (problem) problems.push(problem);
  }
  const noProblems = () => {
    if (problems.length) throw new Error(`solution commands of ${step.id}: ${problems.join("; ")}`);
  };
  if (!step.check) return noProblems();
  // the page checks by itself (engine events; 1.5–20 s after Enter); when it has not turned green after 20 s,
  // press "检查" as a learner would, every 20 s (counted: a step that needed it is worth a look)
  const t = Date.now();
  r.manualChecks = 0;
  if (!(await checkPassesWithin(page, r, 90_000))) {
    // like a learner who reads the terminal: a daemon error (the emulated CPU is slower than the engine's own
    // time limits expect, e.g. `docker rm -f`: "did not receive an exit event") → type the step's commands again
    const error = rows(await terminalText(page))
      .reverse()
      .find((row) => /Error response from daemon/.test(row));
    if (!error) {
      if (!(await checkPassesWithin(page, r, 5 * MIN - 90_000)))
        throw new Error(`the check of ${step.id} did not pass within 5 min of its commands${problems.length ? `; ${problems.join("; ")}` : ""}`);
      r.checkMs = Date.now() - t;
      return noProblems();
    }
    r.retried = error.trim().slice(0, 200);
    log(`  daemon error, typing the commands again: ${r.retried}`);
    await logEngineLog(page);
    // the second try is judged on its own: the first one's error is what made a learner type the commands again
    problems = [];
    for (const cmd of step.solution) {
      const problem = judge(step, r, cmd, await typeCommand(page, cmd, r, interruptAfter(step, cmd)));
      if (problem) problems.push(problem);
    }
    if (!(await checkPassesWithin(page, r, 5 * MIN))) throw new Error(`the check of ${step.id} did not pass, even after typing its commands again`);
    report.retried.push(step.id);
  }
  r.checkMs = Date.now() - t;
  noProblems();
}

async function checkPassesWithin(page: Page, r: StepResult, ms: number): Promise<boolean> {
  let lastClick = Date.now();
  return waitFor(
    `the check of ${r.id} to pass`,
    async () => {
      if ((await checkStatus(page)) === "passed") return true;
      const button = page.locator("[data-testid=check-now]");
      if (Date.now() - lastClick > 20_000 && (await button.isEnabled().catch(() => false))) {
        await button.click().catch(() => {});
        lastClick = Date.now();
        r.manualChecks!++;
      }
      return false;
    },
    ms,
    500,
  ).catch(() => false);
}

/**
 * For the CI log, read in the terminal: the engine's last log lines (its warnings say which time limit ran out) and
 * the processes that are not sleeping (one stuck in D state keeps a killed container from exiting).
 */
async function logEngineLog(page: Page) {
  await typeCommand(page, "clear; tail -n 6 /var/log/docker.log | cut -c1-200; ps -eo pid,stat,etime,wchan:22,comm | awk '$2 !~ /^[SI]/'").catch(() => {});
  log(
    "  engine log and busy processes:\n" +
      rows(await terminalText(page).catch(() => ""))
        .filter(Boolean)
        .slice(-22)
        .join("\n"),
  );
}

const server = await startServer((process.env.E2E_MODE as "dev" | "preview") ?? "dev");
// A browser profile on disk, as a learner's browser has: origin-private storage (the rewind points, the disk's written
// blocks) lives on disk there; a context without one keeps it in the browser process's memory.
const profile = mkdtempSync(join(tmpdir(), "lesson-walk-"));
const context = await launchChromiumProfile(profile, { width: 1280, height: 800 }, { devtoolsBodies: false });
const page = context.pages()[0] ?? (await context.newPage());
page.on("pageerror", (e) => report.pageErrors.push(e.message));
page.on("dialog", (d) => void d.accept());
// The learner's shell marks each command's end with its exit status, OSC 133;D;<status> (vm/rootfs/root/.bashrc),
// which xterm does not show: read it from the terminal bytes the VM worker sends ({t: "serial", port: 0, bytes},
// src/vm/worker-protocol.ts) by listening on every Worker the page creates.
await page.addInitScript(() => {
  const w = window as unknown as { __shellExits: number[]; __shellOutputs: string[] };
  w.__shellExits = [];
  // what the terminal received since the previous mark (the prompt, the echo and the command's output), per mark
  w.__shellOutputs = [];
  const Native = window.Worker;
  window.Worker = class extends Native {
    constructor(url: string | URL, options?: WorkerOptions) {
      super(url, options);
      const decoder = new TextDecoder();
      let pending = "";
      this.addEventListener("message", (ev: MessageEvent) => {
        const m = ev.data as { t?: string; port?: number; bytes?: Uint8Array } | null;
        if (m?.t !== "serial" || m.port !== 0 || !m.bytes) return;
        pending += decoder.decode(m.bytes, { stream: true });
        const mark = /\x1b\]133;D;(\d+)\x07/g;
        let end = 0;
        for (let found = mark.exec(pending); found; found = mark.exec(pending)) {
          w.__shellExits.push(Number(found[1]));
          w.__shellOutputs.push(pending.slice(end, found.index));
          end = mark.lastIndex;
        }
        // keep what follows the last mark (bounded: `curl` prints whole pages, `docker build` minutes of output)
        pending = pending.slice(Math.max(end, pending.length - 65536));
      });
    }
  };
});
await page.addInitScript(() => {
  const w = window as unknown as { __longTasks: { start: number; ms: number }[] };
  w.__longTasks = [];
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) w.__longTasks.push({ start: e.startTime, ms: e.duration });
    }).observe({ type: "longtask", buffered: true });
  } catch {
    /* no longtask support */
  }
});
const longTasks = async (from: number, to: number) => {
  const all = await page.evaluate(() => (window as unknown as { __longTasks: { start: number; ms: number }[] }).__longTasks);
  const sel = all.filter((t) => t.start >= from && t.start < to);
  return { count: sel.length, totalMs: Math.round(sel.reduce((n, t) => n + t.ms, 0)), maxMs: Math.round(Math.max(0, ...sel.map((t) => t.ms))) };
};

const only = process.env.LESSON_STEPS?.split(",");
const from = process.env.LESSON_FROM;
const fromIndex = from ? lesson.steps.findIndex((s) => s.id === from) : 0;
const tAll = Date.now();
/** Epoch seconds by which the whole test run must end (.ci/run sets it from the CI time limit). */
const DEADLINE = Number(process.env.TEST_DEADLINE ?? 0) * 1000;
/** The longest a step takes in this walk (the seed's docker build, mysql) plus the summary after it. */
const STEP_RESERVE_MS = 6 * MIN;
try {
  const t0 = Date.now();
  await page.goto(server.url);
  await waitFor("the boot overlay to go", async () => (await page.locator(".boot-overlay").count()) === 0, 6 * MIN, 250);
  await waitForTerminal(page, HOST_PROMPT, 2 * MIN);
  report.openToPromptMs = Date.now() - t0;
  const promptAt = await page.evaluate(() => performance.now());
  report.bootLongTasks = await longTasks(0, promptAt);
  report.tabMemoryAtPrompt = chromiumMemory();
  report.memoryParts.prompt = chromiumMemoryParts();
  report.allocators.prompt = await rendererAllocators(page).catch(() => ({}));
  log(`prompt after ${report.openToPromptMs} ms; long tasks during boot:`, report.bootLongTasks);
  save();

  for (const [i, step] of lesson.steps.entries()) {
    if (i < fromIndex || (only && !only.includes(step.id))) continue;
    if (DEADLINE && Date.now() > DEADLINE - STEP_RESERVE_MS) {
      // out of CI time: say so (counted as skipped, listed by name) instead of letting the whole CI run time out
      report.notReached.push(step.id);
      report.numPendingTests = report.notReached.length;
      save();
      continue;
    }
    const r: StepResult = { id: step.id, ms: 0, ok: false };
    const t = Date.now();
    try {
      if ((await currentStepId(page)) !== step.id) {
        await recoverTerminal(page);
        await setStepList(page, true);
        const status = await page.locator(`[data-testid=step-item-${step.id}]`).getAttribute("data-status");
        if (status === "locked") {
          await jumpTo(page, step);
          r.via = "jump";
        } else {
          // the step is open already (the one before passed, but its commands did not all finish): go there
          await page.locator(`[data-testid=step-item-${step.id}] > button`).first().click();
          await setStepList(page, false);
          r.via = "goto";
        }
      }
      await runStep(page, step, r);
      r.ok = true;
    } catch (e) {
      r.error = (e instanceof Error ? e.message : String(e)).split("\n")[0]!.slice(0, 500);
      await page.screenshot({ path: `${ART}lesson-${String(i + 1).padStart(2, "0")}-${step.id}.png` }).catch(() => {});
      log(
        "  terminal:\n" +
          rows(await terminalText(page).catch(() => ""))
            .filter(Boolean)
            .slice(-12)
            .join("\n"),
      );
      await recoverTerminal(page);
      await logEngineLog(page);
    }
    r.ms = Date.now() - t;
    r.pssMb = chromiumMemory().totalPssMb;
    report.steps.push(r);
    save();
    log(
      `${String(i + 1).padStart(2)}. ${step.id}: ${r.ok ? "ok" : "FAILED"} in ${(r.ms / 1000).toFixed(1)} s${r.via ? ` (via ${r.via})` : ""}${r.manualChecks ? ` (${r.manualChecks}× 检查)` : ""}${r.retried ? " (commands typed twice)" : ""}${r.sandboxErrors ? ` (documented sandbox error: ${r.sandboxErrors.join("; ")})` : ""}${r.commands ? ` [${r.commands.map((c) => `${(c.ms / 1000).toFixed(1)} s`).join(", ")}]` : ""}${r.error ? ` — ${r.error}` : ""}`,
    );
    if (r.ok && i < lesson.steps.length - 1) {
      // a person reads before moving on; history checks count from 2 s before the step's start with whole-second
      // timestamps, so the next step starts ≥ 3 s after this step's last command (as the Node walkthrough does)
      if (step.solution.length) await page.waitForTimeout(3200);
      await page.click("[data-testid=next-step]").catch((e) => log("next failed:", String(e)));
      await waitFor("the next step", async () => (await currentStepId(page)) !== step.id, 10_000).catch(() => null);
    }
  }

  report.totalMs = Date.now() - tAll;
  report.lessonLongTasks = await longTasks(promptAt, Infinity);
  report.saveState = await page.evaluate(() => {
    const all = performance.getEntriesByName("vm-save-state").map((e) => e.duration);
    return { count: all.length, totalMs: Math.round(all.reduce((n, d) => n + d, 0)), maxMs: Math.round(Math.max(0, ...all)) };
  });
  const cdp = await context.newCDPSession(page);
  await cdp.send("Performance.enable");
  const { metrics } = await cdp.send("Performance.getMetrics");
  for (const m of metrics) if (/^JSHeap|^Nodes$|^Documents$/.test(m.name)) report.heapAfterLesson[m.name] = m.value;
  const mem = await page.evaluate(() => (performance as unknown as { memory?: { usedJSHeapSize: number; totalJSHeapSize: number } }).memory);
  if (mem) Object.assign(report.heapAfterLesson, { memoryUsedJSHeapSize: mem.usedJSHeapSize, memoryTotalJSHeapSize: mem.totalJSHeapSize });
  // the page's JS heap leaves out the emulator's worker and its wasm memory: the tab as the OS sees it
  report.tabMemory = chromiumMemory();
  // issue 16: the growth over the last 20 steps (from the end of the 20th-last step's predecessor to the end)
  const pss = report.steps.map((x) => x.pssMb ?? 0);
  if (pss.length > 20) report.growthLast20StepsMb = report.tabMemory.totalPssMb - pss[pss.length - 21]!;
  report.memoryParts.end = chromiumMemoryParts();
  report.allocators.end = await rendererAllocators(page).catch(() => ({}));
  await page.screenshot({ path: `${ART}lesson-end.png` });
  await setStepList(page, true);
  report.rewindText = await page
    .locator("[data-testid=rewind-points]")
    .innerText({ timeout: 5000 })
    .catch(() => "");
  await page.screenshot({ path: `${ART}lesson-end-steps.png` });
  await setStepList(page, false);
  // issue 16 measures the tab "after the whole walk, jumps and rewinds included": a learner who goes back to an early
  // step (↺: the shipped snapshot restored in the running tab), then to the last one again (↺ there: its rewind point,
  // or the snapshot and the step's setup, which pulls and runs nginx). Every step is passed by now, so there is nothing
  // left to jump to; the walk jumps only past a step that failed.
  if (DEADLINE && Date.now() > DEADLINE - STEP_RESERVE_MS) {
    report.notReached.push("rewind-and-back");
    report.numPendingTests = report.notReached.length;
  } else {
    try {
      const restored = (step: Step) => async () => {
        const err = await lessonError(page);
        if (err) throw new Error(`the rewind to ${step.id}: ${err}`);
        return (
          (await currentStepId(page)) === step.id &&
          (await page.locator(".boot-overlay").count()) === 0 &&
          (await page.locator(`[data-testid=rewind-${step.id}]`).count()) === 1 &&
          (await page.locator("[data-testid^=rewind-]:disabled").count()) === 0
        );
      };
      const rewind = async (step: Step) => {
        const t = Date.now();
        await setStepList(page, true);
        await page.locator(`[data-testid=rewind-${step.id}]`).click();
        await page.waitForTimeout(1000);
        await waitFor(`the rewind to ${step.id}`, restored(step), 8 * MIN, 500);
        await setStepList(page, false);
        return Date.now() - t;
      };
      // the third step and the last one (of those this run passed: LESSON_STEPS walks a few)
      const passed = (s: Step) => report.steps.some((r) => r.id === s.id && r.ok);
      const early = lesson.steps.find((s, i) => i >= 2 && passed(s));
      const last = [...lesson.steps].reverse().find(passed);
      if (!early || !last) throw new Error("no passed step to rewind to");
      report.afterWalk.rewindEarlyMs = await rewind(early);
      await setStepList(page, true);
      await page.locator(`[data-testid=step-item-${last.id}] > button`).first().click();
      await waitFor(`${last.id} as the current step`, async () => (await currentStepId(page)) === last.id, MIN);
      report.afterWalk.rewindLastMs = await rewind(last);
      await waitForTerminal(page, HOST_PROMPT, 2 * MIN);
      const promptAt = await page.evaluate(() => performance.now());
      const sample = (s: number) => report.afterWalk.pssSeries.push({ s, ...chromiumMemory() });
      await page.waitForTimeout(5000);
      report.afterWalk.tabMemory = chromiumMemory();
      sample(5);
      report.afterWalk.memoryParts = chromiumMemoryParts();
      report.afterWalk.allocators = await rendererAllocators(page).catch(() => ({}));
      // what the tab holds while the learner reads (a rewind point may be saved meanwhile), every 5 s
      const idleMs = Number(process.env.AFTER_WALK_IDLE_MS ?? 45_000);
      for (let s = 10; s <= 5 + idleMs / 1000; s += 5) {
        await page.waitForTimeout(5000);
        sample(s);
      }
      report.afterWalk.tabMemoryIdle = chromiumMemory();
      report.afterWalk.allocatorsIdle = await rendererAllocators(page).catch(() => ({}));
      report.afterWalk.savesAfter = await page.evaluate(
        (t0) =>
          performance
            .getEntriesByName("vm-save-state")
            .filter((e) => e.startTime + e.duration > t0)
            .map((e) => ({ startS: Math.round((e.startTime - t0) / 100) / 10, endS: Math.round((e.startTime + e.duration - t0) / 100) / 10 })),
        promptAt,
      );
      report.afterWalk.ok = true;
      log(
        `after the walk: ↺ ${early.id} in ${report.afterWalk.rewindEarlyMs} ms, ↺ ${last.id} in ${report.afterWalk.rewindLastMs} ms; tab memory:`,
        report.afterWalk.tabMemory,
        "PSS every 5 s after:",
        report.afterWalk.pssSeries.map((p) => p.totalPssMb).join(" "),
        "saves after it (s):",
        JSON.stringify(report.afterWalk.savesAfter),
      );
    } catch (e) {
      report.afterWalk.error = (e as Error).message;
      log("after the walk: the rewinds FAILED:", report.afterWalk.error);
    }
  }
  report.complete = true;
  save();
  if (report.notReached.length) log(`time budget spent: ${report.notReached.length} steps not reached: ${report.notReached.join(", ")}`);
  log(
    `${report.passed} passed, ${report.failed} failed in ${(report.totalMs / 60_000).toFixed(1)} min;`,
    "heap:",
    report.heapAfterLesson,
    "tab memory:",
    report.tabMemory,
    "growth over the last 20 steps:",
    report.growthLast20StepsMb,
    JSON.stringify(report.memoryParts.end),
    "renderer heaps by allocator:",
    JSON.stringify(report.allocators),
    "long tasks after boot:",
    report.lessonLongTasks,
    "rewind saves:",
    report.saveState,
    report.rewindText,
  );
  if (report.retried.length) log(`passed on the second try (a daemon error the first time): ${report.retried.join(", ")}`);
} catch (e) {
  report.errors.push(e instanceof Error ? e.message : String(e));
  await page.screenshot({ path: `${ART}lesson-failure.png` }).catch(() => {});
  log("FAILED:", e);
  save();
} finally {
  await context.close();
  rmSync(profile, { recursive: true, force: true });
  await server.close();
}
for (const s of report.steps) if (!s.ok) log(`failed: ${s.id}: ${s.error}`);
if (report.errors.length || report.pageErrors.length) log("errors:", report.errors, "page errors:", report.pageErrors);
process.exit(report.numFailedTests === 0 ? 0 : 1);
