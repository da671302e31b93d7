import { bi } from "../bilingual";
import type { CommandCheck } from "../check-types";
import { CheckError, errorText } from "../check-session";
import { fail, PASS, type Predicate } from "./predicate";

/**
 * `command:` — the escape hatch (like a Killercoda verify script): `/bin/sh -c <run>` in the guest, as root, outside
 * the learner's shell; exit status 0 passes. Killed after `timeout` seconds (then the condition counts as not
 * judged, never as passed). A command that makes the engine emit events (docker exec, run…) would wake the lesson's
 * checks again and again: read state instead (docker inspect, files, nsenter).
 */
export const commandPredicate: Predicate<CommandCheck> = {
  describe: (c) => bi(`命令 ${c.run} 成功（退出状态 0）`, `the command ${c.run} succeeds (exit status 0)`),

  async evaluate(c, s) {
    let code: number;
    try {
      code = (await s.ctx.guest.exec(["/bin/sh", "-c", c.run], { timeoutMs: c.timeout * 1000 })).code;
    } catch (e) {
      throw new CheckError(bi(`检查命令没有完成（限时 ${c.timeout} 秒）：${errorText(e)}`, `The check's command did not complete (limit ${c.timeout} s): ${errorText(e)}`));
    }
    return code === 0 ? PASS : fail(bi(`命令 ${c.run} 的退出状态是 ${code}，不是 0`, `The command ${c.run} exited with status ${code}, not 0`));
  },
};
