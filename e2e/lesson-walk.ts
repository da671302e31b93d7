/**
 * A learner at the page, for the lesson walk (e2e/lesson.spec.ts): types a step's solution into the terminal
 * (keystrokes into xterm; one step uses the lesson's own "Run" button), stops foreground commands with Ctrl-C as a
 * person would, judges what each command showed (src/lesson/solution-errors.ts), presses "检查" when the page has not
 * checked by itself, and types the commands once more after a daemon error. Also: the step list (jump, go to), and
 * the page hooks the walk reads (the shell's exit marks, long tasks).
 */
import type { Page } from "playwright-core";
import type { Step } from "../src/lesson";
import { interruptAfter } from "../src/lesson/interrupt";
import { knownSandboxError, solutionCommandProblem } from "../src/lesson/solution-errors";
import { MIN, PROMPT, enterLine, joined, lastRow, rows, terminalText, waitFor } from "./page-helpers";

export type Log = (...a: unknown[]) => void;
/** Commands that stay in the foreground until Ctrl-C (like on a real host); as vm/test/lesson-walkthrough.test.ts. */
const SLOW = /docker (build|pull|push|run|save|load|restart)|systemctl|service/;
/** The step whose command is started with the lesson's own "Run" button instead of the keyboard. */
const RUN_BUTTON_STEP = "list-images";

export interface StepResult {
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

/** A shell prompt on the last line: the host's, or a container's ("/ # ", "root@abc:/# "). */
const atPrompt = (text: string) => /[#$]$/.test(lastRow(text));

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
  // the command is done when the last row is a prompt again that does not end with the line
  const { before, echoed } = await enterLine(page, line);
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
      const back = await waitFor("the host prompt after Ctrl-C", async () => PROMPT.test(lastRow(await terminalText(page))), 30_000).catch(() => false);
      if (back) return;
      if (attempt === 6) throw new Error(`no host prompt after ${attempt} × Ctrl-C`);
    }
  }
  // the seed's docker build (apt-get install nginx in a container) takes 6–8 min in the page on this machine kind
  await waitFor(
    `a prompt after \`${line}\``,
    async () => {
      const t = await terminalText(page);
      return t !== before && atPrompt(t) && !echoed(t);
    },
    /^docker build/.test(line) ? 15 * MIN : SLOW.test(line) ? 6 * MIN : 2 * MIN,
    300,
  );
}

export async function currentStepId(page: Page): Promise<string | null> {
  return page
    .locator("article.step")
    .getAttribute("data-step", { timeout: 5000 })
    .catch(() => null);
}

export async function checkStatus(page: Page): Promise<string | null> {
  return page
    .locator("[data-testid=check-box]")
    .getAttribute("data-status", { timeout: 5000 })
    .catch(() => null);
}

/** Back to the host prompt from wherever a failed step left the terminal (a foreground command, a container shell). */
export async function recoverTerminal(page: Page) {
  for (const keys of ["Control+C", "exit", "exit"]) {
    if (PROMPT.test(lastRow(await terminalText(page).catch(() => "")))) return;
    await focusTerminal(page).catch(() => {});
    if (keys === "exit") {
      await page.keyboard.type("exit");
      await page.keyboard.press("Enter");
    } else await page.keyboard.press(keys);
    await page.waitForTimeout(3000);
  }
}

export async function setStepList(page: Page, open: boolean) {
  const counter = page.locator(".step-counter");
  if (((await counter.getAttribute("aria-expanded")) === "true") !== open) await counter.click();
}

/** The lesson panel's error line (a failed setup, jump or rewind), or "". */
export function lessonError(page: Page): Promise<string> {
  return page
    .locator(".lesson-panel .error-text")
    .first()
    .innerText({ timeout: 500 })
    .catch(() => "");
}

/** The step list's "jump here" (runs the step's setup in the VM after a confirm dialog, accepted by the handler). */
export async function jumpTo(page: Page, step: Step) {
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

export async function runStep(page: Page, step: Step, r: StepResult, log: Log) {
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
    await logEngineLog(page, log);
    // the second try is judged on its own: the first one's error is what made a learner type the commands again
    problems = [];
    for (const cmd of step.solution) {
      const problem = judge(step, r, cmd, await typeCommand(page, cmd, r, interruptAfter(step, cmd)));
      if (problem) problems.push(problem);
    }
    if (!(await checkPassesWithin(page, r, 5 * MIN))) throw new Error(`the check of ${step.id} did not pass, even after typing its commands again`);
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
export async function logEngineLog(page: Page, log: Log) {
  await typeCommand(page, "clear; tail -n 6 /var/log/docker.log | cut -c1-200; ps -eo pid,stat,etime,wchan:22,comm | awk '$2 !~ /^[SI]/'").catch(() => {});
  log(
    "  engine log and busy processes:\n" +
      rows(await terminalText(page).catch(() => ""))
        .filter(Boolean)
        .slice(-22)
        .join("\n"),
  );
}

/**
 * Before the page loads: the learner's shell marks each command's end with its exit status, OSC 133;D;<status>
 * (vm/rootfs/root/.bashrc), which xterm does not show: read it from the terminal bytes the VM worker sends
 * ({t: "serial", port: 0, bytes}, src/vm/worker-protocol.ts) by listening on every Worker the page creates. And the
 * main thread's long tasks (`longTasks`).
 */
export async function installPageHooks(page: Page): Promise<void> {
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
}

/** The main thread's long tasks between two `performance.now()` times: how many, their total and the longest (ms). */
export async function longTasks(page: Page, from: number, to: number) {
  const all = await page.evaluate(() => (window as unknown as { __longTasks: { start: number; ms: number }[] }).__longTasks);
  const sel = all.filter((t) => t.start >= from && t.start < to);
  return { count: sel.length, totalMs: Math.round(sel.reduce((n, t) => n + t.ms, 0)), maxMs: Math.round(Math.max(0, ...sel.map((t) => t.ms))) };
}
