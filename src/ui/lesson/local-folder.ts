import { lessonStore } from "../../store/app";
import { watchFolder, type DirHandle } from "./folder-watch";
import { lessonLoader } from "./lesson-loader";
import { setLocalPictures } from "./lesson-origin";

/**
 * Live authoring (File System Access API, Chromium): a teacher opens a lesson folder on their disk; the page reads
 * it with the same parser and validator as every lesson and reads it again when a file changes (folder-watch.ts),
 * keeping the VM, showing the validator's problems at once and jumping to the step whose file changed. A version
 * with errors is not used: the last good one stays until the errors are fixed.
 */
type PickerWindow = Window & { showDirectoryPicker?: (options?: { mode?: "read" }) => Promise<DirHandle> };

export const canOpenLocalFolder = (): boolean => typeof window !== "undefined" && typeof (window as PickerWindow).showDirectoryPicker === "function";

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
  const id = `local:${dir.name}`;
  let first = true;
  lessonLoader.getState().setBusy(dir.name);
  stopWatching = watchFolder(dir, {
    onRead({ markdown, pictures, changed }) {
      lessonLoader.getState().setBusy(null);
      setLocalPictures(id, new Map([...pictures].map(([path, file]) => [path, URL.createObjectURL(file)])));
      const problems = lessonStore.getState().addLesson({ id, files: markdown, local: true });
      lessonLoader.getState().report(dir.name, problems);
      const usable = !problems.some((p) => p.severity === "error");
      if (first || !usable) {
        first = first && !usable;
        return;
      }
      // jump to the step the teacher just edited
      const edited = lessonStore.getState().lesson?.steps.find((s) => changed.includes(s.file));
      if (edited && lessonStore.getState().progress?.currentStepId !== edited.id) lessonStore.getState().enterStep(edited.id);
    },
    onError(e) {
      lessonLoader.getState().setBusy(null);
      lessonLoader.getState().fail({ zh: `无法读取文件夹 ${dir.name}：${String(e)}`, en: `Could not read the folder ${dir.name}: ${String(e)}` });
    },
  });
}
