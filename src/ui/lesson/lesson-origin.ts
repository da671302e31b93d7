import { remotePictureUrl } from "../../lesson/remote-lesson";
import type { LessonEntry } from "../../store/lesson-store";
import type { LessonOrigin } from "./lesson-markdown";

/** Pictures of lessons opened from a local folder: lesson id → (path in the folder → blob: URL). */
const localPictures = new Map<string, Map<string, string>>();

export function setLocalPictures(lessonId: string, pictures: Map<string, string>): void {
  for (const url of localPictures.get(lessonId)?.values() ?? []) URL.revokeObjectURL(url);
  localPictures.set(lessonId, pictures);
}

/** How a lesson's Markdown is rendered: bundled lessons are trusted; lessons from a URL or a local folder are not. */
export function lessonOrigin(entry: Pick<LessonEntry, "id" | "url" | "local">): LessonOrigin {
  const { id, url } = entry;
  if (url) return { id, linkBase: url, resolveImage: (src) => remotePictureUrl(url, src) };
  if (entry.local) {
    return {
      id,
      resolveImage: (src) => {
        if (/^data:image\/(png|jpeg|gif|webp);/i.test(src)) return src;
        const path = src.split(/[?#]/)[0]!.replace(/^\.\//, "");
        return localPictures.get(id)?.get(path);
      },
    };
  }
  return { id };
}
