/**
 * The page's stores, created once, and the wiring between them and the machine. Panels read these
 * stores and call their actions; nothing else touches the VM.
 */
import { bundledLessonFiles } from "../lesson/bundled-lessons";
import { BrowserVm } from "../vm/browser-vm";
import { openEngineEvents, type EngineEvents } from "../vm/engine-events";
import { createEditorStore } from "./editor-store";
import { createEngineStore } from "./engine-store";
import { keepGuestClock } from "../vm/guest-clock";
import { browserKv } from "../lib/kv";
import { createLessonStore } from "./lesson-store";
import { browserOfflineDeps, listenToServiceWorker } from "../sw/offline-browser";
import { createOfflineStore, WANTED_KEY } from "./offline-store";
import { watchLiveness } from "../vm/liveness";
import { createPrefsStore } from "./prefs-store";
import { createPreviewStore } from "./preview-store";
import { createRewindStore, watchStepEntries } from "./rewind-store";
import { idbSavedStateStore, memorySavedStateStore } from "../lib/saved-state";
import { createSessionStore } from "./session-store";
import { TerminalBridge } from "./terminal-bridge";
import { createVmStore } from "./vm-store";

const kv = browserKv();
const prefersDark = typeof matchMedia === "function" && matchMedia("(prefers-color-scheme: dark)").matches;

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
export const rewindStore = createRewindStore({ vm: vmStore, lesson: lessonStore });
export const editorStore = createEditorStore(() => sessionStore.getState().markDirty());
export const offlineStore = createOfflineStore(browserOfflineDeps(kv));

/** Connects the stores to the machine's life cycle. Returns a function that undoes it. */
export function connectStores(): () => void {
  const offs: (() => void)[] = [];

  // The machine's terminal stream, once the VM exists.
  offs.push(
    vmStore.subscribe((s, prev) => {
      if (s.vm !== prev.vm) terminalBridge.setStream(s.vm?.terminal ?? null);
    }),
  );

  // Each time the engine becomes ready (boot, reset, resume) every view re-attaches to the guest and to the one
  // engine-events stream; while the machine is restoring they let go (a restore drops every guest stream).
  let events: EngineEvents | null = null;
  offs.push(
    vmStore.subscribe((s, prev) => {
      const guest = s.vm?.guest;
      if (s.generation !== prev.generation && s.status.kind === "ready" && guest) {
        events?.close();
        // from when the lesson's current step began: a resumed machine's engine replays what the learner did then
        const { progress } = lessonStore.getState();
        const nowSec = Date.now() / 1000;
        events = openEngineEvents(guest, { since: Math.min(nowSec, progress?.steps[progress.currentStepId]?.startedAt ?? nowSec) });
        void engineStore.getState().attach(guest, events);
        previewStore.getState().attach(guest);
        editorStore.getState().attach(guest);
        lessonStore.getState().attach(guest, events);
      } else if (prev.status.kind === "ready" && s.status.kind !== "ready") {
        engineStore.getState().detach();
        previewStore.getState().detach();
        editorStore.getState().detach();
        lessonStore.getState().detach();
        events?.close();
        events = null;
      }
    }),
  );
  offs.push(() => events?.close());

  // Lesson checks compare guest timestamps with the page's clock: keep them together.
  let stopClock: (() => void) | null = null;
  offs.push(
    vmStore.subscribe((s, prev) => {
      if (s.generation !== prev.generation && s.status.kind === "ready" && s.vm) {
        stopClock?.();
        stopClock = keepGuestClock(s.vm.guest, () => vmStore.getState().status.kind === "ready" && !document.hidden);
      } else if (prev.status.kind === "ready" && s.status.kind !== "ready") {
        stopClock?.();
        stopClock = null;
      }
    }),
  );
  offs.push(() => stopClock?.());

  // The offline copy: counted once the machine is up (so the count never slows the boot); the service
  // worker's notices about VM files missing offline; an interrupted save continues when the network is back.
  offs.push(listenToServiceWorker(offlineStore));
  offs.push(
    vmStore.subscribe((s) => {
      if (s.status.kind === "ready" && offlineStore.getState().status === "unknown") void offlineStore.getState().check();
    }),
  );
  const onOnline = () => {
    const st = offlineStore.getState().status;
    if (kv.get(WANTED_KEY) && (st === "failed" || st === "partial")) void offlineStore.getState().save();
  };
  window.addEventListener("online", onOnline);
  offs.push(() => window.removeEventListener("online", onOnline));

  // A rewind point each time the learner enters a step.
  offs.push(watchStepEntries(rewindStore, lessonStore, vmStore));

  offs.push(terminalBridge.onInput(() => sessionStore.getState().markDirty()));
  offs.push(terminalBridge.onEnter(() => lessonStore.getState().checkSoon()));
  // a command that outlasts the timed re-checks (the first one after a restore can take 30 s): check when it is done
  offs.push(terminalBridge.onSettled(() => lessonStore.getState().checkSoon()));

  offs.push(
    watchLiveness({
      isAlive: (ms) => vmStore.getState().vm?.isAlive(ms) ?? Promise.resolve(true),
      onChange: (u) => vmStore.getState().setUnresponsive(u),
      paused: () => vmStore.getState().status.kind !== "ready" || sessionStore.getState().saving || document.hidden,
    }),
  );

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

  return () => offs.forEach((f) => f());
}
