import { useMemo } from "react";
import { createPortal } from "react-dom";
import { completionReport, formatDuration, reportFileName, type CompletionReport } from "../../lesson/completion-report";
import { useLesson, usePrefs, useT } from "../hooks";

/**
 * The learner's completion report of the current lesson: a page to print (the print stylesheet shows only this)
 * and a JSON download. Made here from the saved progress; nothing leaves the browser.
 */
export function ReportDialog({ onClose }: { onClose: () => void }) {
  const t = useT();
  const lang = usePrefs((s) => s.lang);
  const lesson = useLesson((s) => s.lesson);
  const progress = useLesson((s) => s.progress);
  const url = useLesson((s) => s.lessons.find((l) => l.id === s.lessonId)?.url);
  const report = useMemo(() => (lesson && progress ? completionReport(lesson, progress, Date.now() / 1000, url) : null), [lesson, progress, url]);
  if (!report) return null;
  const locale = lang === "zh" ? "zh-CN" : "en-GB";
  const time = (iso: string | null) => (iso ? new Date(iso).toLocaleString(locale) : t("reportNotYet"));

  return createPortal(
    <div className="report-overlay" role="dialog" aria-modal="true" aria-label={t("reportTitle")}>
      <article className="report" data-testid="report-page">
        <div className="report-actions">
          <button type="button" className="primary" data-testid="report-download" onClick={() => download(report)}>
            {t("reportDownload")}
          </button>
          <button type="button" data-testid="report-print" onClick={() => window.print()}>
            {t("reportPrint")}
          </button>
          <button type="button" onClick={onClose}>
            {t("close")}
          </button>
        </div>
        <h1>{t("reportTitle")}</h1>
        <dl className="report-facts">
          <dt>{t("reportLesson")}</dt>
          <dd>
            {report.lesson.title[lang]} <span className="muted">({report.lesson.url ?? report.lesson.id})</span>
          </dd>
          <dt>{t("reportGenerated")}</dt>
          <dd>{time(report.generatedAt)}</dd>
          <dt>{t("reportTotal")}</dt>
          <dd>
            {report.totalSeconds === null ? "—" : formatDuration(report.totalSeconds)} · {t("reportSteps", { n: report.passedSteps, total: report.totalSteps })}
          </dd>
        </dl>
        <table className="data report-steps">
          <thead>
            <tr>
              <th>#</th>
              <th>{t("reportStep")}</th>
              <th>{t("reportPassedAt")}</th>
              <th className="num">{t("reportHints")}</th>
              <th className="num">{t("reportRun")}</th>
            </tr>
          </thead>
          <tbody>
            {report.steps.map((s, i) => (
              <tr key={s.id} className={`status-${s.status}`}>
                <td>{i + 1}</td>
                <td className="wrap">{s.title[lang]}</td>
                <td>{s.passedAt ? `✔ ${time(s.passedAt)}` : t("reportNotYet")}</td>
                <td className="num">
                  {s.hintsOpened} / {s.hintsAvailable}
                </td>
                <td className="num">{s.runUsed}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <p className="muted small-print">{t("reportNote")}</p>
      </article>
    </div>,
    document.body,
  );
}

function download(report: CompletionReport): void {
  const blob = new Blob([JSON.stringify(report, null, 2) + "\n"], { type: "application/json" });
  const a = document.createElement("a");
  a.href = URL.createObjectURL(blob);
  a.download = reportFileName(report);
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
}
