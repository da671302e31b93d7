/**
 * The lesson walks' rule for a solution command typed into the terminal (e2e/lesson.e2e.ts in the page,
 * vm/test/lesson-walkthrough.test.ts in Node): a step's check judges the engine's state, but a step whose commands
 * print a daemon error the seed would not show, or exit non-zero, is not passed either. Commands that fail on
 * purpose say so in their step (`expectedErrors`, tutorials/README.md), and must then show that error.
 */
import type { Step } from "./lesson-types";

/**
 * The learner's shell ends each command's output with its exit status as an invisible terminal mark,
 * OSC 133;D;<status> ("command finished", as terminals' shell integration reads it; vm/rootfs/root/.bashrc).
 */
const EXIT_MARK = /\x1b\]133;D;(\d+)\x07/g;
const DAEMON_ERROR = /Error response from daemon|docker: Error/;
/**
 * Daemon errors a learner can meet now and then for a documented reason (README, "Sandbox differences": dockerd's
 * 10 s wait for a killed container's exit event runs out on the emulated CPU; the container stops a moment later).
 */
const KNOWN_SANDBOX_ERRORS = [/did not receive an exit event/];

/** The exit statuses the shell reported in this raw terminal output, in order. */
export function exitStatuses(raw: string): number[] {
  return [...raw.matchAll(EXIT_MARK)].map((m) => Number(m[1]));
}

/** Terminal output as a person reads it: without escape sequences. */
export function visibleText(raw: string): string {
  return raw
    .replace(EXIT_MARK, "")
    .replace(/\x1b\][^\x07]*\x07/g, "")
    .replace(/\x1b\[[0-9;?]*[A-Za-z]/g, "")
    .replace(/\r/g, "");
}

export interface CommandOutcome {
  /** The command as written under the step's `solution:`. */
  command: string;
  /** What the terminal showed for it (escape sequences are ignored). */
  output: string;
  /** Its exit status; undefined when unknown (a command typed in a container's shell, or stopped with Ctrl-C). */
  exitStatus?: number;
}

/** A documented sandbox error in this output (see KNOWN_SANDBOX_ERRORS), for the walk's log; null when none. */
export function knownSandboxError(output: string): string | null {
  return errorLines(output).find((l) => KNOWN_SANDBOX_ERRORS.some((k) => k.test(l))) ?? null;
}

/** What is wrong with a solution command's outcome under the walks' rule, in words; null when nothing is. */
export function solutionCommandProblem(step: Pick<Step, "expectedErrors">, o: CommandOutcome): string | null {
  const text = visibleText(o.output);
  const expected = step.expectedErrors?.[o.command];
  if (expected !== undefined) {
    return text.includes(expected) ? null : `\`${o.command}\` should fail with "${expected}" (expectedErrors), but the terminal showed:\n${tail(text)}`;
  }
  const unexpected = errorLines(text).filter((l) => !KNOWN_SANDBOX_ERRORS.some((k) => k.test(l)));
  if (unexpected.length) return `\`${o.command}\` printed a daemon error: ${unexpected.join(" / ")}`;
  if (o.exitStatus !== undefined && o.exitStatus !== 0 && !knownSandboxError(text)) {
    return `\`${o.command}\` exited with status ${o.exitStatus}:\n${tail(text)}`;
  }
  return null;
}

function errorLines(text: string): string[] {
  return visibleText(text)
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => DAEMON_ERROR.test(l));
}

const tail = (text: string) => text.trimEnd().split("\n").slice(-6).join("\n");
