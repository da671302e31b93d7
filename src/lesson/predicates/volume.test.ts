import { describe, expect, it } from "vitest";
import { describeCheck, evaluateCheck } from "../evaluate-check";
import { createFakeGuest } from "../fixtures/fake-guest";
import classdata from "../fixtures/volume-inspect-classdata.json";
import { parseCheck } from "../parse-check";

const NOTE = "/var/lib/docker/volumes/classdata/_data/note.txt";
const run = (check: unknown, state: { volume?: boolean; note?: string } = {}) =>
  evaluateCheck(parseCheck(check), {
    guest: createFakeGuest({
      engine: state.volume ? { "GET /volumes/classdata": classdata } : {},
      files: state.note === undefined ? {} : { [NOTE]: state.note },
    }),
    stepStartedAt: 0,
    events: [],
  });

describe("volume check", () => {
  it("fails before the volume exists and passes after (both ways)", async () => {
    expect((await run({ volume: "classdata" })).unmet.map((u) => u.en)).toEqual(["No volume classdata"]);
    expect(await run({ volume: { name: "classdata", driver: "local" } }, { volume: true })).toEqual({ ok: true, unmet: [] });
  });

  it("reads a file inside the volume, under its Mountpoint", async () => {
    const check = { volume: { name: "classdata", file: { path: "note.txt", contains: "你好" } } };
    expect((await run(check, { volume: true })).unmet.map((u) => u.en)).toEqual(["The volume classdata holds no file note.txt"]);
    expect((await run(check, { volume: true, note: "hello\n" })).unmet.map((u) => u.en)).toEqual(['note.txt in the volume classdata does not contain "你好"']);
    expect(await run(check, { volume: true, note: "你好，数据卷\n" })).toEqual({ ok: true, unmet: [] });
  });

  it("exists: false, and what the parser refuses", async () => {
    expect((await run({ volume: { name: "classdata", exists: false } }, { volume: true })).unmet[0]!.en).toBe("The volume classdata still exists");
    expect((await run({ volume: { name: "classdata", exists: false } })).ok).toBe(true);
    expect(() => parseCheck({ volume: { name: "classdata", file: "../../etc/shadow" } })).toThrow(/relative to the volume's root/);
    expect(() => parseCheck({ volume: { name: "classdata", file: "/etc/passwd" } })).toThrow(/relative to the volume's root/);
    expect(describeCheck(parseCheck({ volume: { name: "classdata", file: { path: "note.txt", contains: "你好" } } })).en).toBe(
      'a volume classdata holding a file note.txt containing "你好"',
    );
  });
});
