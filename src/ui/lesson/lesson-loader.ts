import { createStore } from "zustand/vanilla";
import type { Bilingual } from "../../lesson/bilingual";
import type { LessonProblem } from "../../lesson/lesson-problem";
import { describeFailure, fetchRemoteLesson, RemoteLessonError } from "../../lesson/remote-lesson";
import { lessonStore } from "../../store/app";
import { withLessonParam } from "../page-params";

/**
 * Loading a lesson at run time: from a URL (`?lesson=` or the lesson panel's form) and from a teacher's local folder
 * (local-folder.ts). What is loading, why it failed (both languages, naming the URL), and the validator's problems.
 */
export interface LessonLoaderState {
  /** The URL or folder being read. */
  busy: string | null;
  failure: Bilingual | null;
  /** The lesson read but not used (it has errors), or used with warnings: where from, and every problem. */
  problems: { source: string; list: LessonProblem[] } | null;
  openUrl(input: string): Promise<boolean>;
  /** Problems of a folder read elsewhere (the local folder watcher). */
  report(source: string, list: LessonProblem[]): void;
  setBusy(source: string | null): void;
  fail(message: Bilingual): void;
  dismiss(): void;
}

export const lessonLoader = createStore<LessonLoaderState>()((set) => ({
  busy: null,
  failure: null,
  problems: null,
  async openUrl(input) {
    set({ busy: input, failure: null, problems: null });
    try {
      const remote = await fetchRemoteLesson(input, location.href);
      const list = lessonStore.getState().addLesson({ id: remote.url, url: remote.url, files: remote.files, problems: remote.problems });
      set({ problems: list.length ? { source: remote.url, list } : null });
      const ok = !list.some((p) => p.severity === "error");
      if (ok) history.replaceState(history.state, "", withLessonParam(location.href, remote.url));
      return ok;
    } catch (e) {
      set({ failure: e instanceof RemoteLessonError ? describeFailure(e.failure) : { zh: String(e), en: String(e) } });
      return false;
    } finally {
      set({ busy: null });
    }
  },
  report: (source, list) => set({ problems: list.length ? { source, list } : null }),
  setBusy: (busy) => set(busy ? { busy, failure: null } : { busy }),
  fail: (failure) => set({ failure }),
  dismiss: () => set({ failure: null, problems: null }),
}));

let pageLessonOpened = false;
/** `?lesson=<url>`: opened once, when the page starts. */
export function openPageLesson(url: string | undefined): void {
  if (!url || pageLessonOpened) return;
  pageLessonOpened = true;
  void lessonLoader.getState().openUrl(url);
}
