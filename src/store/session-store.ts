import { createStore, type StoreApi } from "zustand/vanilla";
import { errText } from "../lib/errors";
import { releaseBuffer } from "../lib/release-buffer";
import type { SavedStateMeta, SavedStateStore } from "../lib/saved-state";
import type { TerminalBridge } from "./terminal-bridge";
import type { VmState } from "./vm-store";

/** Things the header tells the learner once (dismissable). */
export type SessionNote =
  { kind: "discarded-other-build"; count: number } | { kind: "save-failed"; message: string } | { kind: "resume-failed"; message: string };

export interface SessionState {
  /** The learner's saved machine for this build, if any. */
  saved: SavedStateMeta | null;
  saving: boolean;
  /** The machine changed since the last save (the learner typed, saved a file…). */
  dirty: boolean;
  lastSaveMs: number | null;
  notes: SessionNote[];

  /** Page load: read the manifest, drop states of other builds, offer the saved one or boot the snapshot. */
  open(): Promise<void>;
  resume(): Promise<void>;
  startFresh(): Promise<void>;
  save(reason?: "manual" | "auto"): Promise<void>;
  /** Back to the shipped snapshot; the saved state stays until the next save. */
  reset(): Promise<void>;
  /** Forget everything: saved state, lesson progress, and restore the snapshot. */
  startOver(): Promise<void>;
  retry(): Promise<void>;
  markDirty(): void;
  dismissNote(index: number): void;
}

export interface SessionDeps {
  vm: StoreApi<VmState>;
  storage: SavedStateStore;
  terminal: TerminalBridge;
  clearLessonProgress(): void;
  now?: () => number;
}

const RESET_NOTICE = "\r\n\x1b[2m── 已恢复到初始快照 / restored the initial snapshot ──\x1b[0m\r\n";
const WELCOME = "\x1b[2mDocker 核心要素沙箱 — 引擎已就绪 / engine ready\x1b[0m\r\n";

/**
 * The learner's session around the machine: resume a saved state, save (per build: src/lib/saved-state.ts),
 * reset and start over. Boot mechanics stay in the vm store.
 */
export function createSessionStore(deps: SessionDeps): StoreApi<SessionState> {
  const now = deps.now ?? (() => performance.now());
  const vm = () => deps.vm.getState();

  return createStore<SessionState>()((set, get) => {
    const note = (n: SessionNote) => set((s) => ({ notes: [...s.notes.filter((x) => x.kind !== n.kind), n] }));

    const bootSnapshot = async () => {
      if (await vm().boot({ kind: "snapshot" })) {
        deps.terminal.writeLocal(WELCOME);
        deps.terminal.freshPrompt();
      }
    };

    return {
      saved: null,
      saving: false,
      dirty: false,
      lastSaveMs: null,
      notes: [],

      async open() {
        const m = await vm().loadManifest();
        if (!m) return;
        const id = vm().buildId!;
        let saved: SavedStateMeta | null = null;
        try {
          const all = await deps.storage.list();
          const others = all.filter((x) => x.buildId !== id);
          for (const o of others) await deps.storage.remove(o.buildId);
          if (others.length) note({ kind: "discarded-other-build", count: others.length });
          saved = all.find((x) => x.buildId === id) ?? null;
        } catch {
          saved = null; // no IndexedDB (private mode): start from the snapshot
        }
        set({ saved });
        if (saved) vm().offerResume(saved);
        else await bootSnapshot();
      },

      async resume() {
        const id = vm().buildId;
        const meta = get().saved;
        if (!id || !meta) return bootSnapshot();
        const load = async () => {
          const r = await deps.storage.load(id);
          if (!r) throw new Error("the saved state is gone");
          return r.state;
        };
        const ok = await vm().boot({ kind: "saved", load });
        if (ok) {
          deps.terminal.writeLocal(meta.terminalText ?? "");
          set({ dirty: false });
        } else {
          const st = vm().status;
          note({ kind: "resume-failed", message: st.kind === "error" ? st.message : "" });
        }
      },

      startFresh: () => bootSnapshot(),

      async save() {
        const v = vm();
        if (get().saving || v.status.kind !== "ready" || !v.vm || !v.buildId) return;
        set({ saving: true });
        const t0 = now();
        try {
          const machine = v.vm;
          const terminalText = () => deps.terminal.snapshotText().slice(-200_000);
          // into a file by the emulator's worker where it can (the state never in the page's memory: a save as the tab
          // goes to the background cost the tab the state's size twice, for seconds), else through memory
          const direct = machine.saveStateToFile
            ? await deps.storage.saveFile(v.buildId, (file) => machine.saveStateToFile!(file), { terminalText: terminalText() }).catch(() => null)
            : null;
          const meta =
            direct ??
            (await machine
              .saveState()
              .then((state) => deps.storage.save(v.buildId!, state, { terminalText: terminalText() }).finally(() => releaseBuffer(state))));
          set({ saved: meta, dirty: false, lastSaveMs: now() - t0, notes: get().notes.filter((n) => n.kind !== "save-failed") });
        } catch (e) {
          note({ kind: "save-failed", message: errText(e) });
        } finally {
          set({ saving: false });
        }
      },

      async reset() {
        if (await vm().reset({ kind: "snapshot" })) {
          deps.terminal.writeLocal(RESET_NOTICE);
          deps.terminal.freshPrompt();
          set({ dirty: true });
        }
      },

      async startOver() {
        const id = vm().buildId;
        if (id) await deps.storage.remove(id).catch(() => {});
        deps.clearLessonProgress();
        set({ saved: null, dirty: false });
        await get().reset();
        set({ dirty: false });
      },

      async retry() {
        if (!vm().manifest) return get().open();
        await vm().retry();
      },

      markDirty: () => {
        if (!get().dirty) set({ dirty: true });
      },
      dismissNote: (i) => set((s) => ({ notes: s.notes.filter((_, j) => j !== i) })),
    };
  });
}
