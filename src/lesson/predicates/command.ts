import { bi } from "../bilingual";
import { CheckError } from "../check-session";
import { errText } from "../../lib/errors";
import { join, readRequired, typeName } from "../read-values";
import { fail, PASS, type CheckBase, type CheckKind } from "./predicate";

/**
 * `command:` — the escape hatch for what no other kind covers: a short shell command run in the guest (as root, not
 * in the learner's shell); exit status 0 passes.
 */
export interface CommandCheck extends CheckBase {
  kind: "command";
  run: string;
  /** Seconds before the command is killed and the check counts as not judged. */
  timeout: number;
}

/** The longest a `command:` check may run: every check of a step is judged within 20 s. */
export const COMMAND_MAX_SECONDS = 20;

/**
 * `command:` — the escape hatch (like a Killercoda verify script): `/bin/sh -c <run>` in the guest, as root, outside
 * the learner's shell; exit status 0 passes. Killed after `timeout` seconds (then the condition counts as not
 * judged, never as passed). A command that makes the engine emit events (docker exec, run…) would wake the lesson's
 * checks again and again: read state instead (docker inspect, files, nsenter).
 */
export const commandKind: CheckKind<CommandCheck> = {
  key: "command",
  mainKey: "run",
  keys: ["run", "timeout"],
  doc: {
    asks: `a shell command that exits with status 0 (the escape hatch: at most ${COMMAND_MAX_SECONDS} s; the validator lists every use)`,
    judgedBy: "`/bin/sh -c` in the VM, as root, outside the learner's shell",
  },

  parse(site, o, where) {
    const run = readRequired(site, o, "run", where);
    const check: CommandCheck = { kind: "command", run: run ?? "", timeout: 10 };
    if (o.timeout !== undefined) {
      if (typeof o.timeout === "number" && o.timeout > 0 && o.timeout <= COMMAND_MAX_SECONDS) check.timeout = o.timeout;
      else site.sink.error(site.file, `timeout is a number of seconds from 1 to ${COMMAND_MAX_SECONDS}; found ${typeName(o.timeout)}`, join(where, "timeout"));
    }
    return check;
  },

  // listed, so that a teacher sees which steps rely on the escape hatch rather than on engine state
  lint: (c) =>
    `this step relies on a command run in the VM (\`${c.run}\`, at most ${c.timeout} s): fine where no other check kind covers it; prefer engine state (container, network, volume…) where one does`,

  describe: (c) => bi(`命令 ${c.run} 成功（退出状态 0）`, `the command ${c.run} succeeds (exit status 0)`),

  async evaluate(c, s) {
    let code: number;
    try {
      code = (await s.ctx.guest.exec(["/bin/sh", "-c", c.run], { timeoutMs: c.timeout * 1000 })).code;
    } catch (e) {
      throw new CheckError(
        bi(`检查命令没有完成（限时 ${c.timeout} 秒）：${errText(e)}`, `The check's command did not complete (limit ${c.timeout} s): ${errText(e)}`),
      );
    }
    return code === 0 ? PASS : fail(bi(`命令 ${c.run} 的退出状态是 ${code}，不是 0`, `The command ${c.run} exited with status ${code}, not 0`));
  },
};
