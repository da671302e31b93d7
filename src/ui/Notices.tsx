import { sessionStore } from "../store/app";
import type { SessionNote } from "../store/session-store";
import { useSession, useT, useVm, type Translate } from "./hooks";

function noteText(n: SessionNote, t: Translate): string {
  switch (n.kind) {
    case "discarded-other-build":
      return t("noteDiscarded", { count: n.count });
    case "save-failed":
      return t("noteSaveFailed", { message: n.message });
    case "resume-failed":
      return t("noteResumeFailed", { message: n.message });
  }
}

/** The session's notes and the "VM stopped answering" banner. */
export function Notices() {
  const t = useT();
  const notes = useSession((s) => s.notes);
  const unresponsive = useVm((s) => s.unresponsive && s.status.kind === "ready");
  if (!notes.length && !unresponsive) return null;
  return (
    <div className="notices">
      {unresponsive && (
        <div className="notice notice-danger" role="alert" data-testid="unresponsive">
          <span>{t("unresponsive")}</span>
          <button type="button" className="primary" onClick={() => void sessionStore.getState().reset()}>
            {t("unresponsiveAction")}
          </button>
        </div>
      )}
      {notes.map((n, i) => (
        <div className="notice" role="status" key={n.kind}>
          <span>{noteText(n, t)}</span>
          <button type="button" onClick={() => sessionStore.getState().dismissNote(i)}>
            {t("dismiss")}
          </button>
        </div>
      ))}
    </div>
  );
}
