import { bi } from "../bilingual";
import { join, readRequired } from "../read-values";
import { SHELL_HISTORY_PATH } from "../../vm/guest-api";
import { fail, PASS, type CheckBase, type CheckKind } from "./predicate";

/** `history:` — a command typed in the learner's shell since the step began (read-only commands only). */
export interface HistoryCheck extends CheckBase {
  kind: "history";
  /** A JavaScript regular expression source, tested against each command. */
  matches: string;
}

/** Commands that change the engine: a history check that accepts them should check engine state instead. */
const CHANGING_COMMANDS = [
  "docker run -d nginx",
  "docker pull nginx",
  "docker rm -f web",
  "docker rmi nginx",
  "docker tag a b",
  "docker push a",
  "docker build .",
  "docker stop web",
  "docker start web",
  "docker save -o a.tar a",
  "docker load -i a.tar",
  "docker exec web ls",
  "docker cp a web:/tmp",
];

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
export const historyKind: CheckKind<HistoryCheck> = {
  key: "history",
  mainKey: "matches",
  keys: ["matches"],
  doc: { asks: "a command typed in the terminal since the step began (read-only commands only)", judgedBy: "the learner's shell history in the VM" },

  parse(site, o, where) {
    const matches = readRequired(site, o, "matches", where);
    if (matches === undefined) return undefined;
    try {
      new RegExp(matches);
    } catch (e) {
      site.sink.error(site.file, `not a valid regular expression: ${(e as Error).message}`, join(where, "matches"));
    }
    return { kind: "history", matches };
  },

  lint(c) {
    const re = new RegExp(c.matches);
    const accepted = CHANGING_COMMANDS.find((cmd) => re.test(cmd));
    return accepted
      ? `history check /${c.matches}/ accepts "${accepted}"; check what the command changed (image, container, event…) instead — history is only for read-only commands`
      : undefined;
  },

  describe(c) {
    return bi(`在终端中输入过符合 /${c.matches}/ 的命令`, `a command matching /${c.matches}/ typed in the terminal`);
  },

  async evaluate(c, s) {
    const text = (await s.readText(SHELL_HISTORY_PATH)) ?? "";
    const since = Math.floor(s.ctx.stepStartedAt);
    const re = new RegExp(c.matches);
    const typed = parseShellHistory(text).filter((e) => e.time !== undefined && e.time >= since);
    if (typed.some((e) => re.test(e.command))) return PASS;
    return fail(
      bi(
        `本步骤开始后，还没有在终端中输入符合要求的命令（/${c.matches}/）`,
        `No command matching /${c.matches}/ has been typed in the terminal since this step began`,
      ),
    );
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
