import { useEffect, useState } from "react";
import { downloadFraction, estimateAfterDownloadMs, estimateRemainingMs, formatMb, formatSeconds } from "./boot-estimate";
import { sessionStore } from "../store/app";
import type { BootStatus } from "../store/vm-store";
import { useT, useVm, usePrefs, type Translate } from "./hooks";

function useNow(active: boolean, ms = 500): number {
  const [now, setNow] = useState(() => performance.now());
  useEffect(() => {
    if (!active) return;
    const id = setInterval(() => setNow(performance.now()), ms);
    return () => clearInterval(id);
  }, [active, ms]);
  return now;
}

const STEPS = ["bootStepDownload", "bootStepRestore", "bootStepEngine"] as const;

function stepIndex(s: BootStatus): number {
  if (s.kind === "restoring") return 1;
  if (s.kind === "waiting-engine") return 2;
  return 0;
}

function Progress({ status, t }: { status: BootStatus; t: Translate }) {
  const downloadEndedAt = useVm((s) => s.downloadEndedAt);
  const now = useNow(true);
  let fraction = 0;
  let label = "";
  let eta: number | null = null;
  let detail = "";
  if (status.kind === "downloading") {
    fraction = downloadFraction(status.loadedBytes, status.totalBytes);
    label = status.totalBytes > 0 ? t("bootDownloading") : t("bootPreparing");
    if (status.totalBytes > 0) detail = t("bootMb", { loaded: formatMb(status.loadedBytes), total: formatMb(status.totalBytes) });
    eta = estimateRemainingMs({ loadedBytes: status.loadedBytes, totalBytes: status.totalBytes, elapsedMs: now - status.startedAt });
  } else if (status.kind === "restoring" || status.kind === "waiting-engine") {
    fraction = 1;
    label = status.kind === "restoring" ? t("bootRestoring") : t("bootWaitingEngine");
    eta = estimateAfterDownloadMs(now - (downloadEndedAt ?? status.since));
  } else {
    label = t("bootManifest");
  }
  const step = stepIndex(status);
  return (
    <div className="boot-card" data-testid="boot-progress">
      <ol className="boot-steps">
        {STEPS.map((k, i) => (
          <li key={k} className={i < step ? "done" : i === step ? "current" : ""}>
            {t(k)}
          </li>
        ))}
      </ol>
      <div className="boot-label">{label}</div>
      <div className="progress" role="progressbar" aria-valuemin={0} aria-valuemax={100} aria-valuenow={Math.round(fraction * 100)}>
        <div
          className={`progress-fill${status.kind === "downloading" && status.totalBytes === 0 ? " indeterminate" : ""}`}
          style={{ width: `${fraction * 100}%` }}
        />
      </div>
      <div className="boot-numbers">
        <span>{detail}</span>
        <span>{eta !== null ? t("bootEta", { s: formatSeconds(eta) }) : ""}</span>
      </div>
      {status.kind === "downloading" && status.file && <div className="boot-file">{status.file}</div>}
    </div>
  );
}

function Choose({ status, t }: { status: Extract<BootStatus, { kind: "choose" }>; t: Translate }) {
  const lang = usePrefs((s) => s.lang);
  const time = new Date(status.saved.savedAt).toLocaleString(lang === "zh" ? "zh-CN" : "en-GB");
  return (
    <div className="boot-card" data-testid="boot-choose">
      <h2>{t("resumeTitle")}</h2>
      <p>{t("resumeBody", { time, size: formatMb(status.saved.storedBytes) })}</p>
      <div className="boot-actions">
        <button type="button" className="primary" autoFocus onClick={() => void sessionStore.getState().resume()}>
          {t("resume")}
        </button>
        <button type="button" onClick={() => void sessionStore.getState().startFresh()}>
          {t("startFresh")}
        </button>
      </div>
    </div>
  );
}

function Failed({ status, t }: { status: Extract<BootStatus, { kind: "error" }>; t: Translate }) {
  const resumeFailed = useVm((s) => s.generation === 0) && sessionStore.getState().saved !== null;
  return (
    <div className="boot-card boot-error" role="alert" data-testid="boot-error">
      <h2>{t("bootFailed")}</h2>
      <pre className="error-text">{status.message}</pre>
      <div className="boot-actions">
        <button type="button" className="primary" onClick={() => void sessionStore.getState().retry()}>
          {t("retry")}
        </button>
        {resumeFailed && (
          <button type="button" onClick={() => void sessionStore.getState().startFresh()}>
            {t("startFresh")}
          </button>
        )}
      </div>
    </div>
  );
}

/** Covers the terminal until the engine answers: real download numbers, the restore, errors with Retry. */
export function BootOverlay() {
  const t = useT();
  const status = useVm((s) => s.status);
  if (status.kind === "ready") return null;
  return (
    <div className="boot-overlay" data-phase={status.kind}>
      {status.kind === "choose" ? (
        <Choose status={status} t={t} />
      ) : status.kind === "error" ? (
        <Failed status={status} t={t} />
      ) : (
        <Progress status={status} t={t} />
      )}
    </div>
  );
}
