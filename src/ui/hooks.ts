import { useCallback } from "react";
import { useStore } from "zustand";
import { editorStore, engineStore, lessonStore, offlineStore, prefsStore, previewStore, sessionStore, vmStore } from "../store/app";
import type { EditorState } from "../store/editor-store";
import type { EngineState } from "../store/engine-store";
import type { LessonState } from "../store/lesson-store";
import type { OfflineState } from "../store/offline-store";
import type { PrefsState } from "../store/prefs-store";
import type { PreviewState } from "../store/preview-store";
import type { SessionState } from "../store/session-store";
import type { VmState } from "../store/vm-store";
import { translate, type MessageKey } from "./i18n";

export const usePrefs = <T>(sel: (s: PrefsState) => T): T => useStore(prefsStore, sel);
export const useVm = <T>(sel: (s: VmState) => T): T => useStore(vmStore, sel);
export const useSession = <T>(sel: (s: SessionState) => T): T => useStore(sessionStore, sel);
export const useEngine = <T>(sel: (s: EngineState) => T): T => useStore(engineStore, sel);
export const usePreview = <T>(sel: (s: PreviewState) => T): T => useStore(previewStore, sel);
export const useEditor = <T>(sel: (s: EditorState) => T): T => useStore(editorStore, sel);
export const useLesson = <T>(sel: (s: LessonState) => T): T => useStore(lessonStore, sel);
export const useOffline = <T>(sel: (s: OfflineState) => T): T => useStore(offlineStore, sel);

export type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

/** The UI's strings in the chosen language. */
export function useT(): Translate {
  const lang = usePrefs((s) => s.lang);
  return useCallback((key, params) => translate(lang, key, params), [lang]);
}

export const useReady = (): boolean => useVm((s) => s.status.kind === "ready");
