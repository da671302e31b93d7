import { prefsStore, sessionStore } from "../store/app";
import { formatMb } from "./boot-estimate";
import { usePrefs, useReady, useSession, useT, useVm } from "./hooks";
import { OfflineControl } from "./OfflineControl";

function SaveInfo() {
  const t = useT();
  const lang = usePrefs((s) => s.lang);
  const saved = useSession((s) => s.saved);
  const dirty = useSession((s) => s.dirty);
  if (!saved) return dirty ? <span className="save-info">{t("unsaved")}</span> : null;
  const time = new Date(saved.savedAt).toLocaleTimeString(lang === "zh" ? "zh-CN" : "en-GB", { hour: "2-digit", minute: "2-digit" });
  return (
    <span className="save-info" data-testid="save-info" title={t("savedAt", { time })}>
      {t("savedSize", { size: formatMb(saved.storedBytes) })}
      {dirty ? ` · ${t("unsaved")}` : ""}
    </span>
  );
}

export function Header() {
  const t = useT();
  const theme = usePrefs((s) => s.theme);
  const ready = useReady();
  const saving = useSession((s) => s.saving);
  const busy = useVm((s) => s.status.kind !== "ready" && s.status.kind !== "error" && s.generation > 0);
  const session = sessionStore.getState();
  return (
    <header className="app-header">
      <div className="brand">
        <span className="brand-mark" aria-hidden>
          ▣
        </span>
        <span className="brand-title">{t("appTitle")}</span>
        <span className="brand-sub">{t("appSubtitle")}</span>
      </div>
      <div className="header-actions">
        <SaveInfo />
        <button type="button" data-testid="save" disabled={!ready || saving} title={t("saveTitle")} onClick={() => void session.save("manual")}>
          {saving ? t("saving") : t("save")}
        </button>
        <button
          type="button"
          data-testid="reset"
          disabled={busy || saving}
          title={t("resetTitle")}
          onClick={() => {
            if (window.confirm(t("confirmReset"))) void session.reset();
          }}
        >
          {t("resetVm")}
        </button>
        <button
          type="button"
          data-testid="start-over"
          disabled={busy || saving}
          title={t("startOverTitle")}
          onClick={() => {
            if (window.confirm(t("confirmStartOver"))) void session.startOver();
          }}
        >
          {t("startOver")}
        </button>
        <span className="divider" aria-hidden />
        <OfflineControl />
        <span className="divider" aria-hidden />
        <button
          type="button"
          data-testid="lang"
          title={t("langSwitchTitle")}
          onClick={() => prefsStore.getState().setLang(prefsStore.getState().lang === "zh" ? "en" : "zh")}
        >
          {t("langSwitch")}
        </button>
        <button type="button" data-testid="theme" title={t("themeTitle")} onClick={() => prefsStore.getState().toggleTheme()}>
          {theme === "dark" ? `☀ ${t("themeLight")}` : `☾ ${t("themeDark")}`}
        </button>
      </div>
    </header>
  );
}
