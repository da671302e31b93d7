import { useStore } from "zustand";
import { lessonStore, rewindStore } from "../../store/app";
import type { Lesson, Step } from "../../lesson/lesson-types";
import { useLesson, usePrefs, useReady, useT, type Translate } from "../hooks";

const ICON = { passed: "✔", active: "●", locked: "○" } as const;

/** The commands a jump will run in the VM, shown before the learner agrees (a lesson from a URL is not ours). */
const setupText = (step: Step, t: Translate) => (step.setup.length ? `\n\n${t("setupWillRun")}\n\n${step.setup.join("\n")}` : "");

export function StepList({ lesson }: { lesson: Lesson }) {
  const t = useT();
  const lang = usePrefs((s) => s.lang);
  const ready = useReady();
  const progress = useLesson((s) => s.progress);
  const settingUp = useLesson((s) => s.settingUp);
  const rewinding = useStore(rewindStore, (s) => s.rewinding);
  const points = useStore(rewindStore, (s) => s.points);
  const currentIndex = lesson.steps.findIndex((s) => s.id === progress?.currentStepId);
  return (
    <ol className="step-list" data-testid="step-list">
      {lesson.steps.map((step, i) => {
        const status = progress?.steps[step.id]?.status ?? "locked";
        const current = progress?.currentStepId === step.id;
        const label = t(status === "passed" ? "statusPassed" : status === "active" ? "statusActive" : "statusLocked");
        return (
          <li key={step.id} className={`step-item status-${status}${current ? " current" : ""}`} data-testid={`step-item-${step.id}`} data-status={status}>
            <button
              type="button"
              disabled={status === "locked"}
              onClick={() => lessonStore.getState().goTo(step.id)}
              aria-current={current ? "step" : undefined}
              title={label}
            >
              <span className="step-icon" aria-label={label}>
                {ICON[status]}
              </span>
              <span className="step-num">{i + 1}.</span> {step.title[lang]}
            </button>
            {status === "locked" && ready && (
              <button
                type="button"
                className="link-button"
                data-testid={`jump-${step.id}`}
                disabled={settingUp !== null || rewinding !== null}
                onClick={() => {
                  // from a fresh machine (the snapshot), then the step's setup: the setup commands assume nothing
                  // else ran before them (a learner's own containers would clash with their names)
                  if (window.confirm(t("jumpConfirm") + setupText(step, t))) void rewindStore.getState().rewindTo(step.id);
                }}
              >
                {settingUp === step.id || rewinding === step.id ? t("jumping") : t("jumpHere")}
              </button>
            )}
            {status !== "locked" && ready && i <= currentIndex && (
              <button
                type="button"
                className="link-button"
                data-testid={`rewind-${step.id}`}
                disabled={settingUp !== null || rewinding !== null}
                title={points.some((p) => p.stepId === step.id) ? t("rewindConfirm") : t("rewindReplay")}
                onClick={() => {
                  const kept = points.some((p) => p.stepId === step.id);
                  if (window.confirm(kept ? t("rewindConfirm") : t("rewindReplay") + setupText(step, t))) void rewindStore.getState().rewindTo(step.id);
                }}
              >
                {rewinding === step.id ? t("rewinding") : `↺ ${t("rewindHere")}`}
              </button>
            )}
          </li>
        );
      })}
    </ol>
  );
}
