import { useEffect, useMemo, useState } from "react";
import { parseAddress } from "../../preview/guest-address";
import { MAX_DOCUMENT_BYTES, type PreviewNote, type PreviewPage, type PreviewTab } from "../../store/preview-store";
import { previewStore } from "../../store/app";
import { publishedPorts } from "../../store/engine-rows";
import { useEngine, usePreview, useT, type Translate } from "../hooks";
import { PreviewFrame } from "./PreviewFrame";

const mb = (bytes: number) => Math.round(bytes / (1024 * 1024));

/**
 * One browser-like tab per published host port of a running container: address bar, back/forward/reload, and
 * the site in an isolated frame (PreviewFrame) whose every request is made inside the VM. See docs/preview.md.
 */
export function PreviewPanel() {
  const t = useT();
  const containers = useEngine((s) => s.containers);
  const ports = useMemo(() => publishedPorts(containers), [containers]);
  const selected = usePreview((s) => s.active);
  const active = ports.find((p) => p.port === selected) ?? ports[0] ?? null;
  const tab = usePreview((s) => (active ? s.tabs[active.port] : undefined));

  const open = tab !== undefined;
  useEffect(() => {
    if (active) previewStore.getState().ensure(active.port, active.containerId);
  }, [active?.port, active?.containerId, open]); // `open`: a new VM session closes every tab

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
      {tab && <AddressBar port={active.port} tab={tab} t={t} />}
      {tab && <Notes port={active.port} tab={tab} t={t} />}
      <div className="preview-view">
        {tab?.page?.status === "ok" && <PreviewFrame key={tab.page.seq} port={active.port} seq={tab.page.seq} title={tab.page.url} />}
        {tab?.page?.status === "error" && <ErrorPage page={tab.page} t={t} />}
      </div>
      <p className="muted small-print">{t("previewNote")}</p>
    </div>
  );
}

function AddressBar({ port, tab, t }: { port: number; tab: PreviewTab; t: Translate }) {
  const shown = tab.pending?.url ?? tab.page?.url ?? "";
  const [text, setText] = useState(shown);
  const [invalid, setInvalid] = useState(false);
  useEffect(() => {
    setText(shown);
    setInvalid(false);
  }, [shown]);
  const s = () => previewStore.getState();
  const go = () => {
    const r = parseAddress(text, shown);
    setInvalid(!r.ok);
    if (r.ok) void s().navigate(port, r.url);
  };
  const page = tab.page;
  return (
    <>
      <form
        className="preview-bar"
        onSubmit={(e) => {
          e.preventDefault();
          go();
        }}
      >
        <button
          type="button"
          className="small"
          title={t("previewBack")}
          aria-label={t("previewBack")}
          data-testid="preview-back"
          disabled={tab.index <= 0}
          onClick={() => s().back(port)}
        >
          ←
        </button>
        <button
          type="button"
          className="small"
          title={t("previewForward")}
          aria-label={t("previewForward")}
          data-testid="preview-forward"
          disabled={tab.index >= tab.history.length - 1}
          onClick={() => s().forward(port)}
        >
          →
        </button>
        <button
          type="button"
          className="small"
          title={t("previewReload")}
          aria-label={t("previewReload")}
          data-testid="preview-reload"
          onClick={() => s().reload(port)}
        >
          ↻
        </button>
        <input
          className="mono"
          value={text}
          spellCheck={false}
          placeholder={t("previewAddress")}
          aria-label={t("previewAddress")}
          aria-invalid={invalid}
          data-testid="preview-address"
          onChange={(e) => setText(e.target.value)}
        />
        {tab.pending && <span className="muted">{t("previewLoading")}</span>}
        {!tab.pending && page?.status === "ok" && (
          <span className={`badge ${page.code! < 400 ? "badge-ok" : "badge-bad"}`} data-testid="preview-status">
            {t("previewStatus", { code: page.code! })}
          </span>
        )}
      </form>
      {invalid && <p className="error-text preview-line">{t("previewAddressInvalid")}</p>}
    </>
  );
}

function noteText(n: PreviewNote, t: Translate): string {
  if (n.kind === "truncated") return t("previewTruncated", { url: n.url, mb: mb(n.limit) });
  return t("previewScriptNavigation");
}

function Notes({ port, tab, t }: { port: number; tab: PreviewTab; t: Translate }) {
  const lines = [...(tab.page?.truncated ? [t("previewTruncatedDoc", { mb: mb(MAX_DOCUMENT_BYTES) })] : []), ...tab.notes.map((n) => noteText(n, t))];
  if (!lines.length) return null;
  return (
    <div className="preview-notes" data-testid="preview-notes">
      {lines.map((line) => (
        <p key={line}>{line}</p>
      ))}
      {tab.notes.length > 0 && (
        <button type="button" className="small" onClick={() => previewStore.getState().dismissNotes(port)}>
          {t("dismiss")}
        </button>
      )}
    </div>
  );
}

const ERROR_TEXT: Record<string, Parameters<Translate>[0]> = {
  ERR_CONNECTION_REFUSED: "previewRefused",
  ERR_EMPTY_RESPONSE: "previewEmpty",
  ERR_INVALID_HTTP_RESPONSE: "previewInvalid",
  ERR_TIMED_OUT: "previewTimedOut",
  ERR_INTERNET_DISCONNECTED: "previewNoInternet",
};

/** What a browser shows when there is no response: the reason, its error code, and the VM's own message. */
function ErrorPage({ page, t }: { page: PreviewPage; t: Translate }) {
  const code = page.error?.code ?? "ERR_FAILED";
  const host = URL.canParse(page.url) ? new URL(page.url).host : page.url;
  return (
    <div className="preview-error" data-testid="preview-error">
      <h2>{t("previewCantReach")}</h2>
      <p>{t(ERROR_TEXT[code] ?? "previewFailed", { host })}</p>
      <p className="mono">{code}</p>
      <p className="muted mono">{page.error?.message}</p>
    </div>
  );
}
