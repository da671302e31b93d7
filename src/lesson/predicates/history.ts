import { bi } from "../bilingual";
import type { HistoryCheck } from "../check-types";
import { SHELL_HISTORY_PATH } from "../../vm/guest-api";
import { fail, PASS, type Predicate } from "./predicate";

export interface HistoryEntry {
  /** Seconds since epoch, from the `#<epoch>` line above the command (undefined if there was none). */
  time?: number;
  command: string;
}

/**
 * `history:` — a command typed in the learner's shell since the step began. Only for read-only
 * commands (docker images / ps / logs / inspect): anything that changes the engine is checked
 * on the engine.
 */
export const historyPredicate: Predicate<HistoryCheck> = {
  describe(c) {
    return bi(`在终端中输入过符合 /${c.matches}/ 的命令`, `a command matching /${c.matches}/ typed in the terminal`);
  },

  async evaluate(c, s) {
    const text = (await s.readText(SHELL_HISTORY_PATH)) ?? "";
    const since = Math.floor(s.ctx.stepStartedAt);
    const re = new RegExp(c.matches);
    const typed = parseShellHistory(text).filter((e) => e.time !== undefined && e.time >= since);
    if (typed.some((e) => re.test(e.command))) return PASS;
    return fail(bi(`本步骤开始后，还没有在终端中输入符合要求的命令（/${c.matches}/）`, `No command matching /${c.matches}/ has been typed in the terminal since this step began`));
  },
};

/** Bash history written with HISTTIMEFORMAT set: `#1732760000` lines, each followed by one command (which may span lines). */
export function parseShellHistory(text: string): HistoryEntry[] {
  const entries: HistoryEntry[] = [];
  let current: HistoryEntry | undefined;
  let time: number | undefined;
  for (const line of text.replace(/\r\n?/g, "\n").split("\n")) {
    const stamp = /^#(\d{9,11})$/.exec(line);
    if (stamp) {
      time = Number(stamp[1]);
      current = undefined;
      continue;
    }
    if (line === "" && !current) continue;
    if (current && time === undefined) {
      // No timestamps: one line is one command.
      current = undefined;
    }
    if (current) current.command += "\n" + line;
    else {
      current = time === undefined ? { command: line } : { time, command: line };
      entries.push(current);
    }
  }
  for (const e of entries) e.command = e.command.replace(/\s+$/, "").trim();
  return entries.filter((e) => e.command !== "");
}
