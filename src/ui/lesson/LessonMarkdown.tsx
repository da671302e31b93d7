import { useMemo, type MouseEvent } from "react";
import type { LessonText } from "../../lesson/lesson-types";
import { editorStore, lessonStore, prefsStore, terminalBridge } from "../../store/app";
import { useReady, useT } from "../hooks";
import { renderLessonText, type LessonOrigin } from "./lesson-markdown";

/**
 * A step's text. The HTML comes from the lesson files only (a lesson from a URL or a local folder without raw HTML,
 * see lesson-markdown.ts); buttons inside act through the stores.
 */
export function LessonMarkdown({ text, origin }: { text: LessonText; origin: LessonOrigin }) {
  const t = useT();
  const ready = useReady();
  const html = useMemo(
    () => renderLessonText(text, origin, { run: t("run"), runTitle: t("runTitle"), copy: t("copy"), open: (path) => t("openInEditor", { path }) }),
    [text, origin, t],
  );

  const onClick = (e: MouseEvent<HTMLDivElement>) => {
    const button = (e.target as HTMLElement).closest<HTMLButtonElement>("button[data-action]");
    if (!button) return;
    const block = text.blocks[Number(button.dataset.block)];
    switch (button.dataset.action) {
      case "run": {
        const cmd = block?.commands[Number(button.dataset.cmd)];
        if (cmd && ready) {
          terminalBridge.type(cmd.text);
          lessonStore.getState().noteRun();
        }
        break;
      }
      case "copy": {
        const code = block?.runnable ? block.commands.map((c) => c.text).join("\n") : (block?.code ?? "");
        void navigator.clipboard?.writeText(code).then(() => {
          button.textContent = t("copied");
          setTimeout(() => (button.textContent = t("copy")), 1200);
        });
        break;
      }
      case "open": {
        const path = button.dataset.path;
        if (path && ready) {
          prefsStore.getState().setTab("editor");
          void editorStore.getState().open(path);
        }
        break;
      }
    }
  };

  return <div className={`lesson-text${ready ? " vm-ready" : ""}`} onClick={onClick} dangerouslySetInnerHTML={{ __html: html }} />;
}
