import { lazy, Suspense, useMemo, useState } from "react";
import { editorStore } from "../../store/app";
import { canSave, COMMON_FILES, DAEMON_JSON } from "../../store/editor-store";
import { useEditor, useLesson, useReady, useT } from "../hooks";

const MonacoView = lazy(() => import("./MonacoView"));

/** Files the lesson's code blocks name (```dockerfile title=/root/Dockerfile). */
function useLessonFiles(): string[] {
  const lesson = useLesson((s) => s.lesson);
  return useMemo(() => {
    const out = new Set<string>();
    for (const step of lesson?.steps ?? []) for (const b of step.body.zh.blocks.concat(step.body.en.blocks)) if (b.title?.startsWith("/")) out.add(b.title);
    return [...out];
  }, [lesson]);
}

function openPath(path: string, t: (k: "editorDiscard") => string): void {
  const s = editorStore.getState();
  if (s.path && s.text !== s.original && !window.confirm(t("editorDiscard"))) return;
  void editorStore.getState().open(path);
}

function StatusLine() {
  const t = useT();
  const s = useEditor((x) => x);
  if (!s.path) return null;
  return (
    <div className="editor-status" data-testid="editor-status">
      {s.status === "loading" && <span className="muted">{t("editorLoading")}</span>}
      {s.status === "ready" && !s.exists && <span className="muted">{t("editorNew")}</span>}
      {s.text !== s.original && <span className="badge">{t("editorModified")}</span>}
      {s.savedAt && s.text === s.original && <span className="badge badge-ok">{t("editorSaved")}</span>}
      {s.error && <span className="error-text">{s.error}</span>}
      {s.problem && (
        <span className="error-text" data-testid="json-error">
          {t("editorJsonError", { line: s.problem.line, column: s.problem.column, message: s.problem.message })}
        </span>
      )}
      {s.path === DAEMON_JSON && s.savedAt && <span className="muted">{t("editorDaemonHint")}</span>}
    </div>
  );
}

/** Open, edit and save files inside the VM. */
export function EditorPanel() {
  const t = useT();
  const ready = useReady();
  const path = useEditor((s) => s.path);
  const saveable = useEditor((s) => canSave(s));
  const saving = useEditor((s) => s.status === "saving");
  const lessonFiles = useLessonFiles();
  const files = useMemo(() => [...new Set([...COMMON_FILES, ...lessonFiles])], [lessonFiles]);
  const [typed, setTyped] = useState("");

  return (
    <div className="editor-panel" data-testid="editor-panel">
      <div className="editor-bar">
        <select
          aria-label={t("editorPick")}
          data-testid="editor-pick"
          value={path && files.includes(path) ? path : ""}
          disabled={!ready}
          onChange={(e) => e.target.value && openPath(e.target.value, t)}
        >
          <option value="">{t("editorPick")}…</option>
          {files.map((f) => (
            <option key={f} value={f}>
              {f}
            </option>
          ))}
        </select>
        <form
          className="path-form"
          onSubmit={(e) => {
            e.preventDefault();
            if (typed.trim()) openPath(typed, t);
          }}
        >
          <input
            value={typed}
            onChange={(e) => setTyped(e.target.value)}
            placeholder={t("editorPath")}
            aria-label={t("editorPath")}
            data-testid="editor-path"
            disabled={!ready}
          />
          <button type="submit" disabled={!ready || !typed.trim()}>
            {t("editorOpen")}
          </button>
        </form>
        <button
          type="button"
          className="primary"
          data-testid="editor-save"
          disabled={!ready || !saveable || saving}
          onClick={() => void editorStore.getState().save()}
        >
          {t("editorSave")}
        </button>
      </div>
      <StatusLine />
      {!ready && <p className="muted empty-panel">{t("editorNotReady")}</p>}
      {ready && !path && <p className="muted empty-panel">{t("editorNoFile")}</p>}
      {path && (
        <Suspense fallback={<p className="muted empty-panel">{t("editorLoadingEditor")}</p>}>
          <MonacoView />
        </Suspense>
      )}
    </div>
  );
}
