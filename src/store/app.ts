/**
 * The page's stores, created once, and the wiring between them and the machine. Panels read these
 * stores and call their actions; nothing else touches the VM. `connectStores` lists, in one place and in order,
 * everything that follows the machine's life (MACHINE_HOOKS).
 */
import { browserKv } from "../lib/kv";
import { idbSavedStateStore, memorySavedStateStore } from "../lib/saved-state";
import { bundledLessonFiles } from "../lesson/bundled-lessons";
import { browserOfflineDeps, listenToServiceWorker } from "../sw/offline-browser";
import { BrowserVm } from "../vm/browser-vm";
import { keepGuestClock } from "../vm/guest-clock";
import { watchLiveness } from "../vm/liveness";
import { startWarmUp } from "../vm/warm-up";
import { createEditorStore } from "./editor-store";
import { createEngineStore } from "./engine-store";
import { createLessonStore } from "./lesson-store";
import { followMachine, type MachineHook, type MachineLifecycle } from "./machine-lifecycle";
import { createOfflineStore, WANTED_KEY } from "./offline-store";
import { createPrefsStore } from "./prefs-store";
import { createPreviewStore } from "./preview-store";
import { createRewindStore, watchStepEntries } from "./rewind-store";
import { createSessionStore } from "./session-store";
import { TerminalBridge } from "./terminal-bridge";
import { createVmStore } from "./vm-store";

const kv = browserKv();
const prefersDark = typeof matchMedia === "function" && matchMedia("(prefers-color-scheme: dark)").matches;
let machine: MachineLifecycle | null = null;

export const prefsStore = createPrefsStore(kv, prefersDark);
export const terminalBridge = new TerminalBridge();
export const vmStore = createVmStore({ createVm: () => new BrowserVm() });
export const engineStore = createEngineStore();
export const previewStore = createPreviewStore();
export const lessonStore = createLessonStore({ files: bundledLessonFiles(), kv });
export const sessionStore = createSessionStore({
  vm: vmStore,
  storage: typeof indexedDB === "undefined" ? memorySavedStateStore() : idbSavedStateStore(),
  terminal: terminalBridge,
  clearLessonProgress: () => {
    lessonStore.getState().clearProgress();
    rewindStore.getState().clear();
  },
});
export const rewindStore = createRewindStore({ vm: vmStore, machine: () => machine?.current() ?? null, lesson: lessonStore });
export const editorStore = createEditorStore(() => sessionStore.getState().markDirty());
export const offlineStore = createOfflineStore(browserOfflineDeps(kv));

/** How long after the machine is ready the warm-up starts (the learner's prompt is drawn by then). */
const WARM_UP_AFTER_MS = 1500;

/**
 * Everything that follows the machine, in attach order (teardowns run in reverse when the machine is lost: a
 * restore, reset or rewind begins, or a boot fails). `onVm` runs once the VM exists; `onReady` each time its engine
 * answers, with the machine's guest API and its one engine-events stream.
 */
const MACHINE_HOOKS: MachineHook[] = [
  // the learner's shell: its stream both ways through the bridge (xterm and the output-settled cue listen to it)
  { name: "terminal", onVm: (vm) => terminalBridge.connect(vm.terminal), onReady: () => terminalBridge.machineReady() },
  {
    name: "engine view",
    onReady: (m) => {
      void engineStore.getState().attach(m.guest, m.events);
      return () => engineStore.getState().detach();
    },
  },
  {
    name: "preview",
    onReady: (m) => {
      previewStore.getState().attach(m.guest);
      return () => previewStore.getState().detach();
    },
  },
  {
    name: "editor",
    onReady: (m) => {
      editorStore.getState().attach(m.guest);
      return () => editorStore.getState().detach();
    },
  },
  {
    name: "lesson checks",
    onReady: (m) => {
      lessonStore.getState().attach(m.guest, m.events);
      return () => lessonStore.getState().detach();
    },
  },
  // lesson checks compare guest timestamps with the page's clock: keep them together
  { name: "guest clock", onReady: (m) => keepGuestClock(m.guest, () => !document.hidden) },
  // the offline copy is counted once the machine is up (so the count never slows the boot)
  {
    name: "offline copy",
    onReady: () => {
      if (offlineStore.getState().status === "unknown") void offlineStore.getState().check();
    },
  },
  // a rewind point each time the learner enters a step. None for the current step of a machine just restored from the
  // shipped snapshot: rewinding to a step without a point restores that snapshot and runs the step's setup, which is
  // what the point would hold; and saving reads every page of the guest's RAM, which some hosts then commit
  // (docs/performance.md §11: the tab's guest RAM 126 → 547 MB, 20 s after the prompt, idle)
  { name: "rewind points", onReady: () => watchStepEntries(rewindStore, lessonStore, undefined, vmStore.getState().origin !== "snapshot") },
  // a guest that stops answering (a fork bomb, a kernel panic) is shown, with a reset
  {
    name: "liveness",
    onReady: (m) =>
      watchLiveness({
        isAlive: (ms) => m.vm.isAlive(ms),
        onChange: (u) => vmStore.getState().setUnresponsive(u),
        paused: () => sessionStore.getState().saving || document.hidden,
      }),
  },
  // while the learner reads after a restore, the engine's hot paths run once so that the emulator's JIT has
  // compiled them before the first command (docs/performance.md §10: the first `docker images` 11.2 → 3.2 s); the
  // learner's Enter stops it (vm/test/warm-up.test.ts: the engine answers at once after an early stop). ?warmup=0
  // turns it off (benchmarks). It starts a moment after the machine is ready, once the prompt is on screen: started
  // at once, its first disk reads raced the prompt (a 0.26 MB disk chunk before it in bench:page).
  {
    name: "warm-up",
    onReady: (m) => {
      if (new URLSearchParams(location.search).get("warmup") === "0") return;
      let warmUp: ReturnType<typeof startWarmUp> | null = null;
      const start = setTimeout(() => (warmUp = startWarmUp(m.guest)), WARM_UP_AFTER_MS);
      const stop = () => {
        clearTimeout(start);
        warmUp?.stop();
      };
      const offEnter = terminalBridge.onEnter(stop);
      return () => {
        offEnter();
        stop();
      };
    },
  },
];

/** Connects the stores to the machine's life cycle and the page's events. Returns a function that undoes it. */
export function connectStores(): () => void {
  const offs: (() => void)[] = [];

  const lifecycle = followMachine(vmStore, MACHINE_HOOKS, {
    // from when the lesson's current step began: a resumed machine's engine replays what the learner did then
    eventsSince: () => {
      const { progress } = lessonStore.getState();
      const nowSec = Date.now() / 1000;
      return Math.min(nowSec, progress?.steps[progress.currentStepId]?.startedAt ?? nowSec);
    },
  });
  machine = lifecycle;
  offs.push(() => {
    lifecycle.stop();
    if (machine === lifecycle) machine = null;
  });

  // The service worker's notices about VM files missing offline; an interrupted save continues when the network is back.
  offs.push(listenToServiceWorker(offlineStore));
  const onOnline = () => {
    const st = offlineStore.getState().status;
    if (kv.get(WANTED_KEY) && (st === "failed" || st === "partial")) void offlineStore.getState().save();
  };
  window.addEventListener("online", onOnline);
  offs.push(() => window.removeEventListener("online", onOnline));

  offs.push(terminalBridge.onInput(() => sessionStore.getState().markDirty()));
  offs.push(terminalBridge.onEnter(() => lessonStore.getState().checkSoon()));
  // a command that outlasts the timed re-checks (the first one after a restore can take 30 s): check when it is done
  offs.push(terminalBridge.onSettled(() => lessonStore.getState().checkSoon()));

  // Keep the learner's machine when the tab goes away (best effort: a closing page may not finish).
  // Never auto-save a machine that stopped answering: resuming it would bring the hang back.
  const autoSave = () => {
    if (sessionStore.getState().dirty && !vmStore.getState().unresponsive) void sessionStore.getState().save("auto");
  };
  const onVisibility = () => {
    if (document.visibilityState === "hidden") autoSave();
  };
  document.addEventListener("visibilitychange", onVisibility);
  window.addEventListener("pagehide", autoSave);
  offs.push(() => {
    document.removeEventListener("visibilitychange", onVisibility);
    window.removeEventListener("pagehide", autoSave);
  });

  return () => offs.reverse().forEach((f) => f());
}
