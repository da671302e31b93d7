import type { Step } from "./lesson-types";

/**
 * How a lesson walk (e2e/lesson.spec.ts in the page, vm/test/lesson-walkthrough.test.ts in Node) stops a solution
 * command the step lists under `interrupt:`, as a learner would: null when the command ends by itself; "check" for a
 * container started in the foreground (Ctrl-C once the step's check passes: earlier, while the CLI is still creating
 * it, Ctrl-C would cancel the run itself); "time" for anything else (Ctrl-C after it had a few seconds to print).
 */
export function interruptAfter(step: Pick<Step, "interrupt" | "check">, command: string): "check" | "time" | null {
  if (!step.interrupt?.includes(command)) return null;
  return step.check && /^docker (container )?run\b/.test(command) ? "check" : "time";
}
