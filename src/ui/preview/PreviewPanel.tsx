import { useEffect, useMemo } from "react";
import { previewStore } from "../../store/app";
import { publishedPorts } from "../../store/engine-rows";
import { useEngine, usePreview, useT } from "../hooks";

/**
 * One tab per published host port of a running container. The page is fetched inside the guest
 * and shown in an iframe with sandbox="" (no scripts, no navigation) from srcdoc; never in our DOM.
 */
export function PreviewPanel() {
  const t = useT();
  const containers = useEngine((s) => s.containers);
  const ports = useMemo(() => publishedPorts(containers), [containers]);
  const selected = usePreview((s) => s.active);
  const active = ports.find((p) => p.port === selected) ?? ports[0] ?? null;
  const page = usePreview((s) => (active ? s.pages[active.port] : undefined));

  useEffect(() => {
    if (active) previewStore.getState().ensure(active.port, active.containerId);
  }, [active?.port, active?.containerId]);

  if (!active) return <p className="muted empty-panel">{t("previewNone")}</p>;

  return (
    <div className="preview-panel" data-testid="preview-panel">
      <div className="subtabs" role="tablist">
        {ports.map((p) => (
          <button
            type="button"
            role="tab"
            key={p.port}
            aria-selected={p.port === active.port}
            className={p.port === active.port ? "active" : ""}
            data-testid={`preview-tab-${p.port}`}
            onClick={() => previewStore.getState().select(p.port)}
          >
            :{p.port} <span className="muted">{p.container}</span>
          </button>
        ))}
      </div>
      <div className="preview-bar">
        <span className="mono">http://127.0.0.1:{active.port}/</span>
        {page?.status === "ok" && (
          <span className={`badge ${page.code! < 400 ? "badge-ok" : "badge-bad"}`} data-testid="preview-status">
            {t("previewStatus", { code: page.code! })}
          </span>
        )}
        {page?.status === "loading" && <span className="muted">{t("previewLoading")}</span>}
        <button type="button" className="small" data-testid="preview-reload" onClick={() => void previewStore.getState().load(active.port, active.containerId)}>
          ↻ {t("previewReload")}
        </button>
      </div>
      {page?.status === "error" && <p className="error-text">{t("previewError", { message: page.error ?? "" })}</p>}
      {page?.srcdoc !== undefined && (
        <iframe className="preview-frame" title={`127.0.0.1:${active.port}`} sandbox="" referrerPolicy="no-referrer" srcDoc={page.srcdoc} data-testid="preview-frame" />
      )}
      <p className="muted small-print">{t("previewNote", { port: active.port })}</p>
    </div>
  );
}
