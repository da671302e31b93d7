/**
 * The lesson walks' rule for a solution command typed into the terminal (e2e/lesson.spec.ts in the page,
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

/**
 * Terminal output as a person reads it: without escape sequences, and with each line as it ends up on screen when a
 * program redraws it (progress lines: `\r`, then "erase line" or new text over the old, as `docker cp` does).
 */
export function visibleText(raw: string): string {
  return raw
    .replace(EXIT_MARK, "")
    .replace(/\x1b\][^\x07]*\x07/g, "")
    .split("\n")
    .map(visibleLine)
    .join("\n");
}

/**
 * One line as it ends up on screen: `\r` and ESC[nG / ESC[nD / ESC[nC move the cursor, ESC[s / ESC 7 save and
 * ESC[u / ESC 8 restore it (docker cp's progress line), ESC[2K erases the line, ESC[K the rest of it.
 */
function visibleLine(line: string): string {
  let shown = "";
  let col = 0;
  let saved = 0;
  for (const token of line.match(/\x1b\[[0-9;?]*[A-Za-z]|\x1b[78]|\r|[^\x1b\r]+|\x1b/g) ?? []) {
    const csi = /^\x1b\[(\d*)([A-Za-z])$/.exec(token);
    const n = Number(csi?.[1] || 1);
    if (token === "\r") col = 0;
    else if (token === "\x1b[s" || token === "\x1b7") saved = col;
    else if (token === "\x1b[u" || token === "\x1b8") col = saved;
    else if (csi?.[2] === "G") col = n - 1;
    else if (csi?.[2] === "D") col = Math.max(0, col - n);
    else if (csi?.[2] === "C") col += n;
    else if (token === "\x1b[2K") shown = "";
    else if (csi?.[2] === "K" && csi[1] !== "1") shown = shown.slice(0, col);
    else if (!token.startsWith("\x1b")) {
      shown = shown.slice(0, col).padEnd(col) + token + shown.slice(col + token.length);
      col += token.length;
    }
  }
  return shown;
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
