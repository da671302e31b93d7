import { createStore } from "zustand/vanilla";
import type { Bilingual } from "../../lesson/bilingual";
import type { LessonProblem } from "../../lesson/lesson-problem";
import type { LessonFiles } from "../../lesson/parse-lesson";
import { describeFailure, fetchRemoteLesson, lessonFolderUrl, RemoteLessonError, type RemoteLesson } from "../../lesson/remote-lesson";
import { lessonStore } from "../../store/app";
import { browserKv, KV_PREFIX } from "../../lib/kv";
import { withLessonParam } from "../page-params";

/**
 * Loading a lesson at run time: from a URL (`?lesson=` or the lesson panel's form) and from a teacher's local folder
 * (local-folder.ts). What is loading, why it failed (both languages, naming the URL), and the validator's problems.
 * The last copy read from a URL is kept in this browser, so the lesson opens without a network (the VM does too).
 */
export interface LessonLoaderState {
  /** The URL or folder being read. */
  busy: string | null;
  failure: Bilingual | null;
  /** The lesson read but not used (it has errors), or used with warnings: where from, and every problem. */
  problems: { source: string; list: LessonProblem[] } | null;
  /** The lesson was opened from the copy kept in this browser (the URL could not be read): when that copy was made. */
  offlineCopyOf: string | null;
  openUrl(input: string): Promise<boolean>;
  /** Problems of a folder read elsewhere (the local folder watcher). */
  report(source: string, list: LessonProblem[]): void;
  setBusy(source: string | null): void;
  fail(message: Bilingual): void;
  dismiss(): void;
}

const kv = browserKv();
const copyKey = (url: string) => `${KV_PREFIX}lesson-copy.${url}`;

interface KeptCopy {
  files: LessonFiles;
  savedAt: string;
}

function keptCopy(url: string): KeptCopy | undefined {
  try {
    const copy = JSON.parse(kv.get(copyKey(url)) ?? "null") as KeptCopy | null;
    return copy && typeof copy.files === "object" && typeof copy.savedAt === "string" ? copy : undefined;
  } catch {
    return undefined;
  }
}

export const lessonLoader = createStore<LessonLoaderState>()((set) => ({
  busy: null,
  failure: null,
  problems: null,
  offlineCopyOf: null,
  async openUrl(input) {
    set({ busy: input, failure: null, problems: null, offlineCopyOf: null });
    try {
      let remote: RemoteLesson;
      let copyOf: string | null = null;
      try {
        remote = await fetchRemoteLesson(input, location.href);
      } catch (e) {
        // no network (or the host is down): the copy kept from the last visit, if any
        const url = lessonFolderUrl(input, location.href);
        const copy = url && e instanceof RemoteLessonError && e.failure.kind === "network" ? keptCopy(url) : undefined;
        if (!copy || !url) throw e;
        remote = { url, files: copy.files, problems: [] };
        copyOf = copy.savedAt;
      }
      const list = lessonStore.getState().addLesson({ id: remote.url, url: remote.url, files: remote.files, problems: remote.problems });
      const ok = !list.some((p) => p.severity === "error");
      set({ problems: list.length ? { source: remote.url, list } : null, offlineCopyOf: ok ? copyOf : null });
      if (ok) {
        history.replaceState(history.state, "", withLessonParam(location.href, remote.url));
        if (!copyOf) kv.set(copyKey(remote.url), JSON.stringify({ files: remote.files, savedAt: new Date().toISOString() } satisfies KeptCopy));
      }
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
  dismiss: () => set({ failure: null, problems: null, offlineCopyOf: null }),
}));

let pageLessonOpened = false;
/** `?lesson=<url>`: opened once, when the page starts. */
export function openPageLesson(url: string | undefined): void {
  if (!url || pageLessonOpened) return;
  pageLessonOpened = true;
  void lessonLoader.getState().openUrl(url);
}
