import { prefsStore } from "../store/app";
import { publishedPorts } from "../store/engine-rows";
import type { WorkTab } from "../store/prefs-store";
import { EditorPanel } from "./editor/EditorPanel";
import { EnginePanel } from "./engine/EnginePanel";
import { ErrorBoundary } from "./ErrorBoundary";
import { useEngine, usePrefs, useT } from "./hooks";
import { PreviewPanel } from "./preview/PreviewPanel";

const TABS: { id: WorkTab; label: "tabEngine" | "tabEditor" | "tabPreview" }[] = [
  { id: "engine", label: "tabEngine" },
  { id: "editor", label: "tabEditor" },
  { id: "preview", label: "tabPreview" },
];

/** Engine / Editor / Preview under the terminal. */
export function WorkTabs() {
  const t = useT();
  const tab = usePrefs((s) => s.tab);
  const portCount = useEngine((s) => publishedPorts(s.containers).length);
  const containerCount = useEngine((s) => s.containers.filter((c) => c.state === "running").length);
  return (
    <section className="work-tabs">
      <div className="tabs" role="tablist">
        {TABS.map(({ id, label }) => (
          <button
            type="button"
            role="tab"
            key={id}
            aria-selected={tab === id}
            className={tab === id ? "active" : ""}
            data-testid={`tab-${id}`}
            onClick={() => prefsStore.getState().setTab(id)}
          >
            {t(label)}
            {id === "engine" && containerCount > 0 && <span className="count">{containerCount}</span>}
            {id === "preview" && portCount > 0 && <span className="count">{portCount}</span>}
          </button>
        ))}
      </div>
      <div className="tab-body">
        {/* The editor stays mounted so Monaco keeps its state when switching tabs. */}
        <div className="tab-page" hidden={tab !== "engine"}>
          <ErrorBoundary name="engine">
            <EnginePanel />
          </ErrorBoundary>
        </div>
        <div className="tab-page" hidden={tab !== "editor"}>
          <ErrorBoundary name="editor">
            <EditorPanel />
          </ErrorBoundary>
        </div>
        <div className="tab-page" hidden={tab !== "preview"}>
          <ErrorBoundary name="preview">{tab === "preview" && <PreviewPanel />}</ErrorBoundary>
        </div>
      </div>
    </section>
  );
}
