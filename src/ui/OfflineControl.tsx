import { offlineStore } from "../store/app";
import { formatMb } from "./boot-estimate";
import { copyFraction, shownBytes } from "../sw/offline-plan";
import { useOffline, useT } from "./hooks";

/** "Save for offline" (离线可用) in the header: the offline copy's state, its progress, and the button. */
export function OfflineControl() {
  const t = useT();
  const status = useOffline((s) => s.status);
  const progress = useOffline((s) => s.progress);
  const error = useOffline((s) => s.error);
  const store = offlineStore.getState();
  const bytes = progress ? shownBytes(progress) : null;
  const saveTitle = bytes ? t("offlineSaveTitle", { mb: formatMb(bytes.total) }) : t("offlineSaveTitleNoSize");

  if (status === "unsupported") {
    return (
      <button type="button" data-testid="offline-save" disabled title={t("offlineUnsupported")}>
        {t("offlineSave")}
      </button>
    );
  }
  if (status === "complete" && bytes) {
    return (
      <span className="offline-info offline-complete" data-testid="offline-state" data-state="complete" title={t("offlineCompleteTitle")}>
        ✓ {t("offlineComplete", { size: formatMb(bytes.done) })}
      </span>
    );
  }
  if (status === "saving") {
    const pct = progress ? Math.floor(copyFraction(progress) * 100) : 0;
    return (
      <span className="offline-saving">
        <span
          className="offline-info"
          data-testid="offline-state"
          data-state="saving"
          data-files={progress ? `${progress.doneFiles}/${progress.totalFiles}` : ""}
          role="status"
        >
          {bytes ? t("offlineSaving", { done: formatMb(bytes.done), total: formatMb(bytes.total) }) : t("offlineChecking")}
        </span>
        {progress && <span className="offline-info offline-files">{t("offlineFiles", { done: progress.doneFiles, total: progress.totalFiles })}</span>}
        <progress className="offline-bar" max={100} value={pct} aria-label={t("offlineSave")} />
        <button type="button" data-testid="offline-pause" title={t("offlinePauseTitle")} onClick={() => store.pause()}>
          {t("offlinePause")}
        </button>
      </span>
    );
  }
  const partial = (status === "partial" || status === "failed") && bytes && bytes.done > 0;
  return (
    <span className="offline-saving">
      {status === "checking" && (
        <span className="offline-info" data-testid="offline-state" data-state="checking">
          {t("offlineChecking")}
        </span>
      )}
      {status === "failed" && (
        <span className="offline-info offline-failed" data-testid="offline-state" data-state="failed" title={error ?? ""}>
          {t("offlineFailed", { message: error ?? "" })}
        </span>
      )}
      {status === "partial" && bytes && (
        <span className="offline-info" data-testid="offline-state" data-state="partial">
          {t("offlinePartial", { done: formatMb(bytes.done), total: formatMb(bytes.total) })}
        </span>
      )}
      <button type="button" data-testid="offline-save" className="offline-button" title={saveTitle} onClick={() => void store.save()}>
        ⤓ {partial ? `${t("offlineSave")} · ${t("offlineContinue")}` : t("offlineSave")}
      </button>
    </span>
  );
}
