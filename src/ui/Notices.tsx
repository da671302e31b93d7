import { offlineStore, sessionStore } from "../store/app";
import type { SessionNote } from "../store/session-store";
import { useOffline, useSession, useT, useVm, type Translate } from "./hooks";

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

/** The session's notes, the "VM stopped answering" banner, and "this part of the disk is not available offline". */
export function Notices() {
  const t = useT();
  const notes = useSession((s) => s.notes);
  const unresponsive = useVm((s) => s.unresponsive && s.status.kind === "ready");
  const missing = useOffline((s) => s.missing);
  if (!notes.length && !unresponsive && !missing) return null;
  return (
    <div className="notices">
      {missing && (
        <div className="notice notice-danger" role="alert" data-testid="offline-missing">
          <span>{t("offlineMissing", { path: missing.replace(/^vm\//, "") })}</span>
          <button type="button" onClick={() => offlineStore.getState().setMissing(null)}>
            {t("dismiss")}
          </button>
        </div>
      )}
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
