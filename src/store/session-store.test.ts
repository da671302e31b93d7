import { describe, expect, it } from "vitest";
import { createFakeVm } from "./fake-vm.test-util";
import { memorySavedStateStore } from "../lib/saved-state";
import { followMachine } from "./machine-lifecycle";
import { createSessionStore } from "./session-store";
import { TerminalBridge } from "./terminal-bridge";
import { createVmStore } from "./vm-store";

function setup() {
  const fake = createFakeVm();
  const vm = createVmStore({ createVm: () => fake });
  const storage = memorySavedStateStore();
  const terminal = new TerminalBridge();
  const shown: string[] = [];
  terminal.attachView({
    write: (t) => void shown.push(t),
    text: () => "root@docker-host:~# docker ps",
    focus: () => {},
    size: () => ({ cols: 80, rows: 24 }),
    setInteractive: () => {},
  });
  let cleared = 0;
  const session = createSessionStore({ vm, storage, terminal, clearLessonProgress: () => cleared++ });
  followMachine(vm, [{ name: "terminal", onVm: (v) => terminal.connect(v.terminal) }], { eventsSince: () => 0 });
  return { fake, vm, storage, terminal, session, shown, cleared: () => cleared };
}

describe("session", () => {
  it("boots the shipped snapshot when nothing is saved and shows a prompt", async () => {
    const t = setup();
    await t.session.getState().open();
    expect(t.vm.getState().status.kind).toBe("ready");
    expect(t.fake.calls).toEqual(["manifest", "boot"]);
    await new Promise((r) => setTimeout(r, 750));
    expect(t.fake.termOut).toEqual(["\r"]);
  });

  it("offers a state saved by the same build and resumes from it with the terminal text", async () => {
    const t = setup();
    await t.storage.save("disk1-0.5.462", new Uint8Array([1, 2, 3]).buffer, { terminalText: "old screen" });
    await t.session.getState().open();
    expect(t.vm.getState().status.kind).toBe("choose");
    await t.session.getState().resume();
    expect(t.fake.calls).toEqual(["manifest", "boot saved"]);
    expect([...new Uint8Array(t.fake.bootStates[0]!)]).toEqual([1, 2, 3]);
    expect(t.vm.getState().origin).toBe("saved");
    expect(t.shown).toContain("old screen");
  });

  it("discards a state saved by another build, with a note", async () => {
    const t = setup();
    await t.storage.save("old-build", new ArrayBuffer(4));
    await t.session.getState().open();
    expect(await t.storage.list()).toEqual([]);
    expect(t.session.getState().notes).toEqual([{ kind: "discarded-other-build", count: 1 }]);
    expect(t.vm.getState().status.kind).toBe("ready");
  });

  it("has the emulator write the saved machine straight into a file where it can, through memory where it cannot", async () => {
    const t = setup();
    await t.session.getState().open();
    const filled: number[] = [];
    let fileFails = false;
    t.storage.saveFile = async (buildId, fill, extra) => {
      const rawBytes = await fill({} as FileSystemFileHandle);
      filled.push(rawBytes);
      return { buildId, savedAt: 1, rawBytes, storedBytes: rawBytes, encoding: "identity", file: "f.bin", ...extra };
    };
    (t.fake as typeof t.fake & { saveStateToFile?: () => Promise<number> }).saveStateToFile = async () => {
      if (fileFails) throw new Error("storage full");
      return 7000;
    };
    t.session.getState().markDirty();
    await t.session.getState().save();
    expect(filled).toEqual([7000]);
    expect(t.fake.calls).not.toContain("save");
    expect(t.session.getState().saved).toMatchObject({ rawBytes: 7000, file: "f.bin", terminalText: "root@docker-host:~# docker ps" });
    fileFails = true;
    t.fake.saveBytes = 5000;
    await t.session.getState().save();
    expect(t.session.getState().saved).toMatchObject({ rawBytes: 5000, encoding: "identity" });
    expect(t.session.getState().saved?.file).toBeUndefined();
  });

  it("saves the machine with its size and the terminal's text", async () => {
    const t = setup();
    await t.session.getState().open();
    t.session.getState().markDirty();
    t.fake.saveBytes = 5000;
    await t.session.getState().save();
    const s = t.session.getState();
    expect(s.saved).toMatchObject({ buildId: "disk1-0.5.462", rawBytes: 5000, terminalText: "root@docker-host:~# docker ps" });
    expect(s.dirty).toBe(false);
    expect(s.saving).toBe(false);
  });

  it("does not save a machine that is not ready", async () => {
    const t = setup();
    await t.session.getState().save();
    expect(t.fake.calls).toEqual([]);
  });

  it("reset restores the snapshot and prints a notice", async () => {
    const t = setup();
    await t.session.getState().open();
    await t.session.getState().reset();
    expect(t.fake.calls).toContain("restore");
    expect(t.shown.some((x) => x.includes("restored the initial snapshot"))).toBe(true);
  });

  it("start over forgets the saved state and the lesson progress", async () => {
    const t = setup();
    await t.session.getState().open();
    await t.session.getState().save();
    await t.session.getState().startOver();
    expect(await t.storage.list()).toEqual([]);
    expect(t.cleared()).toBe(1);
    expect(t.session.getState().saved).toBeNull();
    expect(t.fake.calls.at(-1)).toBe("restore");
  });

  it("retry after a manifest failure opens the session again", async () => {
    const t = setup();
    t.fake.manifestFails = 1;
    await t.session.getState().open();
    expect(t.vm.getState().status.kind).toBe("error");
    await t.session.getState().retry();
    expect(t.vm.getState().status.kind).toBe("ready");
  });
});
