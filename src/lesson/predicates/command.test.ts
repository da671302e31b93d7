import { describe, expect, it } from "vitest";
import { evaluateCheck } from "../evaluate-check";
import { createFakeGuest } from "../fixtures/fake-guest";
import { parseCheck } from "../parse-check";
import { validateLesson } from "../validate-lesson";

const RUN = "nsenter --net=/proc/$(docker inspect -f '{{.State.Pid}}' client)/ns/net busybox nslookup app 127.0.0.11";
const run = (commands: Record<string, number | Error>, check: unknown = { command: { run: RUN, timeout: 15 } }) =>
  evaluateCheck(parseCheck(check), { guest: createFakeGuest({ commands }), stepStartedAt: 0, events: [] });

describe("command check (the escape hatch)", () => {
  it("passes on exit status 0 and fails on any other (both ways)", async () => {
    expect((await run({ [RUN]: 1 })).unmet.map((u) => u.en)).toEqual([`The command ${RUN} exited with status 1, not 0`]);
    expect(await run({ [RUN]: 0 })).toEqual({ ok: true, unmet: [] });
  });

  it("a command that does not finish is not judged, and `not` does not pass on it", async () => {
    const timeout = new Error("exec /bin/sh timed out after 15000 ms");
    expect((await run({ [RUN]: timeout })).unmet[0]!.en).toBe("The check's command did not complete (limit 15 s): exec /bin/sh timed out after 15000 ms");
    expect((await run({ [RUN]: timeout }, { not: { command: { run: RUN, timeout: 15 } } })).ok).toBe(false);
  });

  it("is time-limited, and the validator lists every step that relies on it", () => {
    expect(parseCheck({ command: "true" })).toEqual({ kind: "command", run: "true", timeout: 10 });
    expect(() => parseCheck({ command: { run: "sleep 99", timeout: 60 } })).toThrow(/timeout is a number of seconds from 1 to 20/);
    const files = {
      "index.md": "---\ntitle: {zh: 课, en: Lesson}\ndescription: {zh: 描述, en: About}\n---\n",
      "01-a.md": `---\nid: names\ntitle: {zh: 名字, en: Names}\ncheck:\n  command: {run: "true", timeout: 5}\n---\ntext\n`,
    };
    expect(validateLesson(files, { id: "x" }).filter((p) => /relies on a command/.test(p.message))).toEqual([
      {
        severity: "warning",
        file: "01-a.md",
        where: "check",
        message: expect.stringContaining("this step relies on a command run in the VM (`true`, at most 5 s)"),
      },
    ]);
  });
});
