import { useEffect, useRef } from "react";
import { prefsStore } from "../store/app";
import { BootOverlay } from "./BootOverlay";
import { ErrorBoundary } from "./ErrorBoundary";
import "./fonts";
import { Header } from "./Header";
import { usePrefs } from "./hooks";
import { LessonPanel } from "./lesson/LessonPanel";
import { Notices } from "./Notices";
import { pageParams } from "./page-params";
import { Splitter } from "./Splitter";
import { TerminalPanel } from "./terminal/TerminalPanel";
import { WorkTabs } from "./WorkTabs";

const { embed, lang: langParam } = pageParams();
if (langParam) prefsStore.getState().setLang(langParam);

export function App() {
  const theme = usePrefs((s) => s.theme);
  const lang = usePrefs((s) => s.lang);
  const lessonWidth = usePrefs((s) => s.lessonWidth);
  const terminalShare = usePrefs((s) => s.terminalShare);
  const right = useRef<HTMLDivElement>(null);

  useEffect(() => {
    document.documentElement.dataset.theme = theme;
    document.documentElement.lang = lang === "zh" ? "zh-CN" : "en";
  }, [theme, lang]);

  return (
    <div className={embed ? "app embed" : "app"} data-testid="app">
      {!embed && <Header />}
      <Notices />
      <main className="workspace" style={{ gridTemplateColumns: `${embed ? `min(${lessonWidth}px, 45vw)` : `${lessonWidth}px`} 6px minmax(0, 1fr)` }}>
        <ErrorBoundary name="lesson">
          <LessonPanel />
        </ErrorBoundary>
        <Splitter axis="x" label="lesson | terminal" onMove={(x) => prefsStore.getState().setLessonWidth(x)} />
        <div
          className="right"
          ref={right}
          style={{ gridTemplateRows: embed ? "minmax(0, 1fr)" : `minmax(0, ${terminalShare}fr) 6px minmax(0, ${1 - terminalShare}fr)` }}
        >
          <div className="terminal-area">
            <ErrorBoundary name="terminal">
              <TerminalPanel />
            </ErrorBoundary>
            <ErrorBoundary name="boot">
              <BootOverlay />
            </ErrorBoundary>
          </div>
          {!embed && (
            <Splitter
              axis="y"
              label="terminal | tabs"
              onMove={(y) => {
                const r = right.current?.getBoundingClientRect();
                if (r) prefsStore.getState().setTerminalShare((y - r.top) / r.height);
              }}
            />
          )}
          {!embed && <WorkTabs />}
        </div>
      </main>
    </div>
  );
}
