/**
 * The whole seed lesson, in order, in one VM, typed into the learner's terminal as a person would:
 * for every step with a check, the check FAILS before its commands and PASSES after them, and no solution command
 * prints a daemon error or exits non-zero unless its step expects that error (src/lesson/solution-errors.ts).
 */
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createProgress,
  createStepChecker,
  enterStep,
  markPassed,
  nextStep,
  parseLesson,
  type LessonProgress,
  type Step,
  type StepChecker,
} from "../../src/lesson";
import { readLessonFolder } from "../../src/lesson/read-lesson-folder";
import { openEngineEvents, type EngineEvents } from "../../src/vm/engine-events";
import { interruptAfter } from "../../src/lesson/interrupt";
import { exitStatuses, knownSandboxError, solutionCommandProblem, visibleText } from "../../src/lesson/solution-errors";
import type { NodeVm } from "../../src/vm/node-vm";
import { startVm, typeInTerminal } from "./harness";

const lesson = parseLesson(readLessonFolder(join(__dirname, "../../tutorials/docker-core-elements")), { id: "docker-core-elements" });
let vm: NodeVm;
// like the page (src/store/lesson-store.ts): a step starts 2 s early to absorb guest clock skew
const now = () => Date.now() / 1000 - 2;
let progress: LessonProgress = createProgress(lesson, now());
let events: EngineEvents;
let checker: StepChecker;

/** The host prompt, or a shell prompt inside a container ("/ # ", "root@abc:/# "). */
const ANY_PROMPT = /(root@docker-host[^\n]*# |\n[^\n]*# )$/;
const HOST_PROMPT = /root@docker-host[^\n]*# $/;
/** Types a command; `interrupt` (src/lesson/interrupt.ts): it runs until Ctrl-C, pressed after its check passes or a few seconds. */
async function typeCommand(line: string, interrupt: "check" | "time" | null): Promise<string> {
  if (interrupt) {
    // like a person: wait until it is running (the step's check passes, or its output appears), then Ctrl-C
    const out = await typeInTerminal(vm, `${line}\r`, /\n/, 30_000);
    // `docker logs -f` is judged from the shell history, written when it ends: give it the time to print, then stop it
    if (interrupt === "time") await new Promise((r) => setTimeout(r, 8000));
    else await checkUntil(true, 240_000);
    await new Promise((r) => setTimeout(r, 2000));
    // Ctrl-C, and again if it did not stop (a SIGINT that reaches nginx before its handlers are set is lost)
    for (let attempt = 1; ; attempt++) {
      const back = await typeInTerminal(vm, "\x03", HOST_PROMPT, 30_000).catch((e) => (attempt === 6 ? Promise.reject(e) : null));
      if (back !== null) return out + back;
    }
  }
  const slow = /docker (build|pull|push|run|save|load|restart)|systemctl|service/.test(line);
  return typeInTerminal(vm, `${line}\r`, ANY_PROMPT, slow ? 600_000 : 120_000);
}

async function checkUntil(ok: boolean, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  let r = await checker.checkNow();
  while ((r?.ok ?? true) !== ok && Date.now() < deadline) {
    await new Promise((res) => setTimeout(res, 1000));
    r = await checker.checkNow();
  }
  return r;
}

beforeAll(async () => {
  vm = await startVm();
  events = openEngineEvents(vm.guest, { since: now() });
  // as the page's lesson store does: the checker judges, progress moves with the pure functions of progress.ts;
  // a busy guest (MariaDB initialising its data directory) can take longer than the page's 20 s to answer a check
  checker = createStepChecker({
    guest: vm.guest,
    events,
    read: () => ({ lesson, progress }),
    onStatus: (s) => {
      if (s.result?.ok) progress = markPassed(lesson, progress, s.stepId, now());
    },
    now,
    timeoutMs: 90_000,
  });
});
afterAll(async () => {
  checker?.dispose();
  events?.close();
  await vm?.destroy();
});

/** WALK_STEPS=id,id,… runs only those steps (each entered through its setup, like "jump to step"). */
const only = process.env.WALK_STEPS?.split(",")
  .map((s) => s.trim())
  .filter(Boolean);

describe("seed lesson walkthrough", () => {
  for (const step of lesson.steps) {
    const label = `${step.id}: ${step.title.zh}`;
    (only && !only.includes(step.id) ? it.skip : it)(label, async () => {
      if (progress.currentStepId !== step.id) {
        // an earlier step failed: get here the way a teacher's "jump to step" does, so later steps are still tested
        for (const cmd of step.setup) await vm.guest.exec(["/bin/bash", "-c", `${cmd} >/dev/null 2>&1 || true`], { timeoutMs: 600_000 });
        progress = enterStep(lesson, progress, step.id, now());
        await typeInTerminal(vm, "\x03", HOST_PROMPT, 30_000)
          .catch(() => typeInTerminal(vm, "exit\r", HOST_PROMPT, 30_000))
          .catch(() => "");
      }
      expect(progress.currentStepId).toBe(step.id);
      await runStep(step);
    });
  }
});

async function runStep(step: Step) {
  // the emulated clock drifts when the host is busy; the page re-syncs it the same way
  await vm.guest.exec(["date", "-u", "-s", `@${(Date.now() / 1000).toFixed(3)}`]);
  if (step.check) {
    const before = await checker.checkNow();
    expect(before?.ok, `check of ${step.id} must fail before its commands`).toBe(false);
    expect(before?.unmet.length).toBeGreaterThan(0);
  }
  let typed = "";
  const problems: string[] = [];
  for (const cmd of step.solution) {
    const interrupt = interruptAfter(step, cmd);
    const out = await typeCommand(cmd, interrupt);
    typed += out;
    // the shell marks each command's exit status; a command stopped with Ctrl-C, or typed in a container's shell, has none
    const exitStatus = interrupt ? undefined : exitStatuses(out).pop();
    const problem = solutionCommandProblem(step, { command: cmd, output: out, exitStatus });
    if (problem) problems.push(problem);
    const known = knownSandboxError(out);
    if (known) console.log(`${step.id}: a documented sandbox error (README, "Sandbox differences"): ${known}`);
  }
  const seen = visibleText(typed).slice(-1500);
  expect(problems, `solution commands of ${step.id}\nterminal:\n${seen}`).toEqual([]);
  if (step.check) {
    const after = await checkUntil(true, 240_000);
    expect(after?.ok, `check of ${step.id} must pass after its commands: ${JSON.stringify(after?.unmet)}\nterminal:\n${seen}`).toBe(true);
  }
  // a person reads before moving on; history checks count entries from the step's start, which is 2 s early
  // (clock skew allowance) with whole-second history timestamps, so the next step starts ≥ 3 s after this command
  await new Promise((r) => setTimeout(r, 3200));
  progress = nextStep(lesson, progress, now());
}
