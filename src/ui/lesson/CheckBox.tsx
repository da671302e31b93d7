import { lessonStore } from "../../store/app";
import type { Step } from "../../lesson/lesson-types";
import { flatten } from "../../lesson/validate-lesson";
import { useLesson, usePrefs, useReady, useT } from "../hooks";
import { renderInline, type LessonOrigin } from "./lesson-markdown";

/** The current step's check: status, unmet conditions (plain text: they may quote engine data), hints, solution. */
export function CheckBox({ step, origin }: { step: Step; origin: LessonOrigin }) {
  const t = useT();
  const lang = usePrefs((s) => s.lang);
  const ready = useReady();
  const check = useLesson((s) => (s.check?.stepId === step.id ? s.check : null));
  const status = useLesson((s) => s.progress?.steps[step.id]?.status ?? "locked");
  const hintsShown = useLesson((s) => s.progress?.steps[step.id]?.hintsShown ?? 0);
  const hints = step.hints[lang];
  // `command:` checks run in the VM: the learner sees what (a lesson from a URL is not ours)
  const commands = step.check ? flatten(step.check).flatMap((c) => (c.kind === "command" ? [c.run] : [])) : [];

  return (
    <div className={`check-box status-${status}`} data-testid="check-box" data-step={step.id} data-status={status}>
      {!step.check ? (
        <p className="muted">{t("readOnlyStep")}</p>
      ) : status === "passed" ? (
        <p className="check-ok">✔ {t("checkPassed")}</p>
      ) : (
        <>
          <div className="check-row">
            {check?.checking ? <span className="muted">{t("checking")}</span> : <span className="muted">{t("checkWaiting")}</span>}
            <button
              type="button"
              className="small"
              data-testid="check-now"
              disabled={!ready || check?.checking}
              onClick={() => lessonStore.getState().checkNow()}
            >
              {t("checkNow")}
            </button>
          </div>
          {check?.result && !check.result.ok && check.result.unmet.length > 0 && (
            <div className="unmet">
              <span>{t("checkUnmet")}</span>
              <ul>
                {check.result.unmet.map((u, i) => (
                  <li key={i}>{u[lang]}</li>
                ))}
              </ul>
            </div>
          )}
        </>
      )}
      {commands.length > 0 && status !== "passed" && (
        <details className="check-commands small-print">
          <summary>{t("checkRunsCommand")}</summary>
          <pre>{commands.join("\n")}</pre>
        </details>
      )}
      {hints.length > 0 && status !== "passed" && (
        <div className="hints">
          {hints.slice(0, hintsShown).map((h, i) => (
            <p key={i} className="hint">
              <strong>
                {t("hint")} {i + 1}:
              </strong>{" "}
              <span dangerouslySetInnerHTML={{ __html: renderInline(h, origin) }} />
            </p>
          ))}
          {hintsShown < hints.length && (
            <button type="button" className="small" onClick={() => lessonStore.getState().revealHint()}>
              {hintsShown === 0 ? t("showHint") : t("moreHint")}
            </button>
          )}
        </div>
      )}
      {step.solution.length > 0 && hintsShown >= hints.length && hints.length > 0 && status !== "passed" && (
        <details className="solution">
          <summary>{t("solution")}</summary>
          <pre>{step.solution.join("\n")}</pre>
        </details>
      )}
    </div>
  );
}
