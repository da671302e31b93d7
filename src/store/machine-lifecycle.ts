import type { StoreApi } from "zustand/vanilla";
import { openEngineEvents, type EngineEvents } from "../vm/engine-events";
import type { GuestApi } from "../vm/guest-api";
import type { SandboxVm, VmState } from "./vm-store";

/** A machine whose engine answers: what the page attaches to, once per boot, reset, resume or rewind. */
export interface ReadyMachine {
  readonly vm: SandboxVm;
  readonly guest: GuestApi;
  /** The machine's one engine-events stream: opened before the hooks attach, closed after they let go. */
  readonly events: EngineEvents;
}

/** One part of the page that follows the machine. Each callback returns what undoes it (or nothing). */
export interface MachineHook {
  /** Who it is (in error messages). */
  name: string;
  /** The VM exists (once per page; it survives restores): e.g. its terminal stream. */
  onVm?(vm: SandboxVm): (() => void) | void;
  /**
   * The engine is ready: attach to this machine. What it returns runs when the machine is lost (a restore or reset
   * begins, a boot fails), in the reverse order of attaching: a restore drops every guest stream.
   */
  onReady?(machine: ReadyMachine): (() => void) | void;
}

export interface MachineLifecycle {
  /** The machine the hooks are attached to now; null while booting, restoring, or after an error. */
  current(): ReadyMachine | null;
  /** Lets go of everything. */
  stop(): void;
}

export interface MachineLifecycleOptions {
  /** Where the engine-events stream starts (seconds since epoch): a resumed machine replays its events since then. */
  eventsSince(): number;
  onHookError?(hook: string, error: unknown): void;
}

/**
 * Runs `hooks`, in this order, on the life of the machine in `vm`: `onVm` once the VM exists, `onReady` each time
 * its engine becomes ready, and their teardowns (reverse order) when it is lost. The page lists its hooks in one
 * place, src/store/app.ts.
 */
export function followMachine(vm: StoreApi<VmState>, hooks: readonly MachineHook[], opts: MachineLifecycleOptions): MachineLifecycle {
  const onError = opts.onHookError ?? ((hook, e) => console.error(`machine hook "${hook}":`, e));
  const run = (hook: MachineHook, f: () => (() => void) | void, into: (() => void)[]) => {
    try {
      const undo = f();
      if (undo) into.push(() => safely(hook, undo));
    } catch (e) {
      onError(hook.name, e);
    }
  };
  const safely = (hook: MachineHook, f: () => void) => {
    try {
      f();
    } catch (e) {
      onError(hook.name, e);
    }
  };
  const undoAll = (undo: (() => void)[]) =>
    undo
      .splice(0)
      .reverse()
      .forEach((f) => f());

  let vmUndo: (() => void)[] = [];
  let seenVm: SandboxVm | null = null;
  let attached: { machine: ReadyMachine; undo: (() => void)[] } | null = null;

  const lose = () => {
    if (!attached) return;
    const { machine, undo } = attached;
    attached = null;
    undoAll(undo);
    machine.events.close();
  };

  const follow = (s: VmState, prev?: VmState) => {
    if (s.vm && s.vm !== seenVm) {
      undoAll(vmUndo);
      seenVm = s.vm;
      const v = s.vm;
      for (const h of hooks) if (h.onVm) run(h, () => h.onVm!(v), vmUndo);
    }
    if (s.status.kind === "ready" && s.vm && (!attached || s.generation !== prev?.generation)) {
      lose();
      const machine: ReadyMachine = { vm: s.vm, guest: s.vm.guest, events: openEngineEvents(s.vm.guest, { since: opts.eventsSince() }) };
      const undo: (() => void)[] = [];
      attached = { machine, undo };
      for (const h of hooks) if (h.onReady) run(h, () => h.onReady!(machine), undo);
    } else if (s.status.kind !== "ready") lose();
  };

  const off = vm.subscribe(follow);
  follow(vm.getState());
  return {
    current: () => attached?.machine ?? null,
    stop() {
      off();
      lose();
      undoAll(vmUndo);
    },
  };
}
