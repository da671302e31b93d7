import type { LessonFiles } from "../../lesson/parse-lesson";
import { lessonStore } from "../../store/app";
import { lessonLoader } from "./lesson-loader";
import { setLocalPictures } from "./lesson-origin";

/**
 * Live authoring (Chromium's File System Access API): a teacher opens a lesson folder on their disk; the page reads
 * it with the same parser and validator as every lesson, and reads it again when a file changes (checked every
 * second), keeping the VM, showing the validator's problems at once and jumping to the step whose file changed.
 * A version with errors is not used: the last good one stays until the errors are fixed.
 */

/** The parts of the File System Access API used here (not in every TypeScript DOM library yet). */
interface DirHandle {
  kind: "directory";
  name: string;
  values(): AsyncIterable<DirHandle | FileHandle>;
}
interface FileHandle {
  kind: "file";
  name: string;
  getFile(): Promise<File>;
}
type PickerWindow = Window & { showDirectoryPicker?: (options?: { mode?: "read" }) => Promise<DirHandle> };

export const canOpenLocalFolder = (): boolean => typeof window !== "undefined" && typeof (window as PickerWindow).showDirectoryPicker === "function";

const PICTURE = /\.(png|jpe?g|gif|webp)$/i;
const POLL_MS = 1000;
/** Folders deeper than this (node_modules, .git…) are not lesson material. */
const MAX_DEPTH = 3;

let stopWatching: (() => void) | null = null;

/** Asks for a folder and follows it until another one is opened. */
export async function openLocalFolder(): Promise<void> {
  let dir: DirHandle;
  try {
    dir = await (window as PickerWindow).showDirectoryPicker!({ mode: "read" });
  } catch {
    return; // the teacher closed the picker
  }
  stopWatching?.();
  stopWatching = watchFolder(dir);
}

interface Listing {
  files: Map<string, FileHandle>;
  /** path → "lastModified:size": what changed since the last read. */
  stamps: Map<string, string>;
}

async function list(dir: DirHandle, prefix = "", depth = 0, out: Listing = { files: new Map(), stamps: new Map() }): Promise<Listing> {
  for await (const entry of dir.values()) {
    const path = prefix + entry.name;
    if (entry.name.startsWith(".")) continue;
    if (entry.kind === "directory") {
      if (depth < MAX_DEPTH) await list(entry, `${path}/`, depth + 1, out);
    } else if (entry.name.endsWith(".md") || PICTURE.test(entry.name)) {
      const file = await entry.getFile();
      out.files.set(path, entry);
      out.stamps.set(path, `${file.lastModified}:${file.size}`);
    }
  }
  return out;
}

function watchFolder(dir: DirHandle): () => void {
  const id = `local:${dir.name}`;
  let stamps = new Map<string, string>();
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | undefined;

  const load = async (first: boolean) => {
    const listing = await list(dir);
    const changed = [...listing.stamps].filter(([path, stamp]) => stamps.get(path) !== stamp).map(([path]) => path);
    const removed = [...stamps.keys()].some((path) => !listing.stamps.has(path));
    if (!first && !changed.length && !removed) return;
    stamps = listing.stamps;
    const files: LessonFiles = {};
    const pictures = new Map<string, string>();
    for (const [path, handle] of listing.files) {
      const file = await handle.getFile();
      if (path.endsWith(".md")) files[path] = await file.text();
      else pictures.set(path, URL.createObjectURL(file));
    }
    setLocalPictures(id, pictures);
    const problems = lessonStore.getState().addLesson({ id, files, local: true });
    lessonLoader.getState().report(dir.name, problems);
    if (first || problems.some((p) => p.severity === "error")) return;
    // jump to the step the teacher just edited
    const edited = lessonStore.getState().lesson?.steps.find((s) => changed.includes(s.file));
    if (edited && lessonStore.getState().progress?.currentStepId !== edited.id) lessonStore.getState().enterStep(edited.id);
  };

  const poll = async () => {
    try {
      await load(false);
    } catch (e) {
      lessonLoader.getState().fail({ zh: `无法读取文件夹 ${dir.name}：${String(e)}`, en: `Could not read the folder ${dir.name}: ${String(e)}` });
    }
    if (!stopped) timer = setTimeout(() => void poll(), POLL_MS);
  };

  lessonLoader.getState().setBusy(dir.name);
  void load(true)
    .catch((e) => lessonLoader.getState().fail({ zh: `无法读取文件夹 ${dir.name}：${String(e)}`, en: `Could not read the folder ${dir.name}: ${String(e)}` }))
    .finally(() => {
      lessonLoader.getState().setBusy(null);
      if (!stopped) timer = setTimeout(() => void poll(), POLL_MS);
    });
  return () => {
    stopped = true;
    clearTimeout(timer);
  };
}
