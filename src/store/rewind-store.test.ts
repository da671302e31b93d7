import { describe, expect, it, vi } from "vitest";
import { createStore, type StoreApi } from "zustand/vanilla";
import type { LessonState } from "./lesson-store";
import type { ReadyMachine } from "./machine-lifecycle";
import { createRewindStore, watchStepEntries } from "./rewind-store";
import type { StateSource, VmState } from "./vm-store";

function fakes(stateBytes = 100) {
  const disk = { written: 0, ram: 0, stateBytes };
  const resets: StateSource[] = [];
  const entered: string[] = [];
  const setUp: string[] = [];
  let saves = 0;
  const machineVm = {
    saveState: async () => {
      saves++;
      return new Uint8Array(disk.stateBytes).fill(saves).buffer;
    },
    diskWrittenBytes: async () => disk.written,
  };
  /** The ready machine: a new object after every restore, as the machine lifecycle hands it out. */
  let machine: ReadyMachine | null = { vm: machineVm } as unknown as ReadyMachine;
  const restored = () => (machine = { vm: machineVm } as unknown as ReadyMachine);
  const vm = createStore<VmState>()(
    () =>
      ({
        status: { kind: "ready", bootMs: 1 },
        reset: async (source?: StateSource) => {
          resets.push(source ?? { kind: "snapshot" });
          machine = null;
          if (source?.kind === "saved") await source.load();
          restored();
          return true;
        },
      }) as unknown as VmState,
  );
  const lesson: StoreApi<LessonState> = createStore<LessonState>()(
    () =>
      ({
        lesson: { steps: [{ id: "a" }, { id: "b" }, { id: "c" }] },
        progress: { currentStepId: "a" },
        settingUp: null,
        setupError: null,
        enterStep: (id: string) => void entered.push(id),
        runSetup: async (id: string) => void setUp.push(id),
      }) as unknown as LessonState,
  );
  const codec = {
    encode: async (s: ArrayBuffer) => ({ blob: new Blob([s]), encoding: "identity" as const }),
    decode: async (e: { blob: Blob }) => e.blob.arrayBuffer(),
    measure: async () => ({ ramUsedBytes: disk.ram, diskWrittenBytes: disk.written }),
  };
  return { vm, machine: () => machine, restored, lost: () => (machine = null), lesson, resets, entered, setUp, codec, disk, saves: () => saves, machineVm };
}

describe("rewind store", () => {
  it("keeps a compressed point per step within the byte budget, oldest dropped first", async () => {
    const f = fakes(100);
    const r = createRewindStore({ vm: f.vm, machine: f.machine, lesson: f.lesson, budgetBytes: 250, ...f.codec });
    await r.getState().capture("a");
    await r.getState().capture("b");
    expect(r.getState().points.map((p) => p.stepId)).toEqual(["a", "b"]);
    await r.getState().capture("c");
    expect(r.getState().points.map((p) => p.stepId)).toEqual(["b", "c"]);
    expect(r.getState().points.every((p) => p.bytes === 100)).toBe(true);
  });

  it("takes no point once the state would exceed maxPointBytes: the last state plus RAM growth and disk writes since", async () => {
    const f = fakes(100);
    const r = createRewindStore({ vm: f.vm, machine: f.machine, lesson: f.lesson, budgetBytes: 1000, maxPointBytes: 300, ...f.codec });
    await r.getState().capture("a");
    f.disk.written += 50; // e.g. a docker pull: layers written, and read into the page cache
    f.disk.ram += 100;
    f.disk.stateBytes = 250;
    await r.getState().capture("b");
    expect(r.getState().points.map((p) => p.stepId)).toEqual(["a", "b"]);
    expect(r.getState().tooLargeBytes).toBeNull();
    f.disk.ram += 100; // 250 + 100 > 300: saving would stop the guest too long
    await r.getState().capture("c");
    expect(f.saves()).toBe(2);
    expect(r.getState().points.map((p) => p.stepId)).toEqual(["a", "b"]);
    expect(r.getState().tooLargeBytes).toBe(350);
    // a restored machine is another machine: its size is learnt again
    f.restored();
    f.disk.stateBytes = 100;
    await r.getState().capture("c");
    expect(f.saves()).toBe(3);
    expect(r.getState().tooLargeBytes).toBeNull();
  });

  it("keeps the other points rather than one state bigger than the whole budget", async () => {
    const f = fakes(100);
    const r = createRewindStore({ vm: f.vm, machine: f.machine, lesson: f.lesson, budgetBytes: 250, maxPointBytes: 10_000, ...f.codec });
    await r.getState().capture("a");
    f.disk.stateBytes = 260;
    await r.getState().capture("b");
    expect(r.getState().points.map((p) => p.stepId)).toEqual(["a"]);
  });

  it("rewinds to a kept point by restoring that state, then restarts the step without setup", async () => {
    const f = fakes();
    const r = createRewindStore({ vm: f.vm, machine: f.machine, lesson: f.lesson, ...f.codec });
    await r.getState().capture("a");
    await r.getState().rewindTo("a");
    expect(f.resets).toHaveLength(1);
    expect(f.resets[0]!.kind).toBe("saved");
    expect(f.entered).toEqual(["a"]);
    expect(f.setUp).toEqual([]);
    expect(r.getState().error).toBeNull();
    expect(r.getState().rewinding).toBeNull();
  });

  it("without a point, restores the snapshot and runs the step's setup", async () => {
    const f = fakes();
    const r = createRewindStore({ vm: f.vm, machine: f.machine, lesson: f.lesson, ...f.codec });
    await r.getState().rewindTo("b");
    expect(f.resets).toEqual([{ kind: "snapshot" }]);
    expect(f.setUp).toEqual(["b"]);
  });

  it("reports a restore that fails and a setup that fails", async () => {
    const f = fakes();
    f.vm.setState({ reset: async () => false, status: { kind: "error", message: "worker died", retryable: true } } as Partial<VmState>);
    const r = createRewindStore({ vm: f.vm, machine: f.machine, lesson: f.lesson, ...f.codec });
    await r.getState().rewindTo("a");
    expect(r.getState().error).toBe("worker died");

    const g = fakes();
    g.lesson.setState({ runSetup: async () => void g.lesson.setState({ setupError: "setup exited 1" }) } as Partial<LessonState>);
    const r2 = createRewindStore({ vm: g.vm, machine: g.machine, lesson: g.lesson, ...g.codec });
    await r2.getState().rewindTo("c");
    expect(r2.getState().error).toBe("setup exited 1");
  });

  it("drops a capture when the machine was restored while saving", async () => {
    const f = fakes();
    const save = f.machineVm.saveState;
    f.machineVm.saveState = async () => (f.restored(), save());
    const r = createRewindStore({ vm: f.vm, machine: f.machine, lesson: f.lesson, ...f.codec });
    await r.getState().capture("a");
    expect(r.getState().points).toEqual([]);
  });

  it("has the emulator write a point straight into a file where it can, and saves into memory where it cannot", async () => {
    const f = fakes(100);
    const written: number[] = [];
    const dropped: Blob[] = [];
    let fileFails = false;
    const files = {
      put: async (s: ArrayBuffer) => new Blob([s]),
      write: async (fill: (file: FileSystemFileHandle) => Promise<unknown>) => {
        const size = (await fill({} as FileSystemFileHandle)) as number;
        return new Blob([new Uint8Array(size)]);
      },
      drop: async (b: Blob) => void dropped.push(b),
    };
    const machineVm = f.machineVm as typeof f.machineVm & { saveStateToFile?: (file: FileSystemFileHandle) => Promise<number> };
    machineVm.saveStateToFile = async () => {
      if (fileFails) throw new Error("storage full");
      written.push(f.disk.stateBytes);
      return f.disk.stateBytes;
    };
    const { encode: _encode, ...codec } = f.codec;
    const r = createRewindStore({ vm: f.vm, machine: f.machine, lesson: f.lesson, budgetBytes: 250, files, ...codec });
    await r.getState().capture("a");
    expect(written).toEqual([100]);
    expect(f.saves()).toBe(0);
    expect(r.getState().points).toMatchObject([{ stepId: "a", bytes: 100 }]);
    // bigger than the whole budget: written, then dropped
    f.disk.stateBytes = 260;
    await r.getState().capture("b");
    expect(dropped).toHaveLength(1);
    expect(r.getState().points.map((p) => p.stepId)).toEqual(["a"]);
    // the file cannot be written: the state is saved into memory and stored from there
    fileFails = true;
    f.disk.stateBytes = 100;
    await r.getState().capture("c");
    expect(f.saves()).toBe(1);
    expect(r.getState().points.map((p) => p.stepId)).toEqual(["a", "c"]);
  });

  it("captures once when the learner enters a step, only while the machine is ready", async () => {
    vi.useFakeTimers();
    try {
      const f = fakes();
      const r = createRewindStore({ vm: f.vm, machine: f.machine, lesson: f.lesson, ...f.codec });
      // as the machine lifecycle runs it: from each ready to the machine's loss
      let stop = watchStepEntries(r, f.lesson, 10);
      await vi.advanceTimersByTimeAsync(20);
      expect(r.getState().points.map((p) => p.stepId)).toEqual(["a"]);
      stop();
      f.lost(); // restoring
      f.lesson.setState({ progress: { currentStepId: "b" } } as Partial<LessonState>);
      await vi.advanceTimersByTimeAsync(20);
      expect(r.getState().points.map((p) => p.stepId)).toEqual(["a"]);
      f.lesson.setState({ progress: { currentStepId: "c" } } as Partial<LessonState>);
      f.restored();
      stop = watchStepEntries(r, f.lesson, 10);
      await vi.advanceTimersByTimeAsync(20);
      f.lesson.setState({ progress: { currentStepId: "a" } } as Partial<LessonState>);
      await vi.advanceTimersByTimeAsync(20);
      expect(r.getState().points.map((p) => p.stepId)).toEqual(["a", "c"]);
      expect(f.saves()).toBe(2);
      stop();
    } finally {
      vi.useRealTimers();
    }
  });

  it("takes no point at ready when told so (a machine fresh from the shipped snapshot), but at the next step", async () => {
    vi.useFakeTimers();
    try {
      const f = fakes();
      const r = createRewindStore({ vm: f.vm, machine: f.machine, lesson: f.lesson, ...f.codec });
      const stop = watchStepEntries(r, f.lesson, 10, false);
      await vi.advanceTimersByTimeAsync(20);
      expect(r.getState().points).toEqual([]);
      expect(f.saves()).toBe(0);
      f.lesson.setState({ progress: { currentStepId: "b" } } as Partial<LessonState>);
      await vi.advanceTimersByTimeAsync(20);
      expect(r.getState().points.map((p) => p.stepId)).toEqual(["b"]);
      stop();
    } finally {
      vi.useRealTimers();
    }
  });
});
