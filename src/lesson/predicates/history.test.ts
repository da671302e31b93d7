import { describe, expect, it } from "vitest";
import { SHELL_HISTORY_PATH } from "../../vm/guest-api";
import { evaluateCheck } from "../evaluate-check";
import { createFakeGuest } from "../fixtures/fake-guest";
import { bashHistory } from "../fixtures/recorded";
import { parseCheck } from "../parse-check";
import { parseShellHistory } from "./history";

const run = (check: unknown, stepStartedAt: number, history: string | null = bashHistory) =>
  evaluateCheck(parseCheck(check), {
    guest: createFakeGuest({ files: history === null ? {} : { [SHELL_HISTORY_PATH]: history } }),
    stepStartedAt,
    events: [],
  });

describe("history check", () => {
  it("passes when a matching command was typed since the step began", async () => {
    expect(await run({ history: { matches: "^docker\\s+images\\b" } }, 1732761845)).toEqual({ ok: true, unmet: [] });
    expect((await run({ history: { matches: "^docker\\s+ps\\b" } }, 1732762000)).ok).toBe(true);
  });

  it("fails for commands typed before the step began", async () => {
    const r = await run({ history: { matches: "^docker\\s+images\\b" } }, 1732761846);
    expect(r.unmet).toEqual([
      {
        zh: "本步骤开始后，还没有在终端中输入符合要求的命令（/^docker\\s+images\\b/）",
        en: "No command matching /^docker\\s+images\\b/ has been typed in the terminal since this step began",
      },
    ]);
  });

  it("does not see a line inside a multi-line command as a command of its own", async () => {
    expect((await run({ history: { matches: "^docker\\s+logs\\b" } }, 1732762000)).ok).toBe(false);
  });

  it("fails cleanly when there is no history file yet", async () => {
    expect((await run({ history: "^docker images" }, 0, null)).ok).toBe(false);
  });

  it("uses the teacher's message when one is given", async () => {
    const r = await run({ history: "^docker\\s+logs", message: { zh: "用 docker logs 查看日志", en: "Use docker logs" } }, 0);
    expect(r.unmet).toEqual([{ zh: "用 docker logs 查看日志", en: "Use docker logs" }]);
  });

  it("parses #<epoch> lines and multi-line entries", () => {
    const entries = parseShellHistory(bashHistory);
    expect(entries[0]).toEqual({ time: 1732761700, command: "docker version" });
    expect(entries.at(-1)).toEqual({ time: 1732762031, command: "cat > /tmp/note.txt <<'EOF2'\ndocker logs nginx\nEOF2" });
    expect(parseShellHistory("ls\npwd\n")).toEqual([{ command: "ls" }, { command: "pwd" }]);
  });
});
