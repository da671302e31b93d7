import { useEffect, useRef, useState } from "react";
import { prefsStore, previewStore, terminalBridge } from "../../store/app";
import { useT } from "../hooks";
import { TerminalSearch } from "./TerminalSearch";
import { XtermHost } from "./xterm-host";

let host: XtermHost | null = null;
/** The page's one terminal (it keeps its scrollback across re-renders and VM restores). */
export function xtermHost(): XtermHost {
  host ??= new XtermHost(terminalBridge, prefsStore.getState().theme);
  return host;
}

export function TerminalPanel() {
  const t = useT();
  const box = useRef<HTMLDivElement>(null);
  const [searching, setSearching] = useState(false);

  useEffect(() => {
    const h = xtermHost();
    h.mount(box.current!);
    h.setHooks({
      onSearchRequest: () => setSearching(true),
      onGuestLink: (port) => {
        previewStore.getState().select(port);
        prefsStore.getState().setTab("preview");
      },
    });

    let frame = 0;
    const ro = new ResizeObserver(() => {
      cancelAnimationFrame(frame);
      frame = requestAnimationFrame(() => h.refit());
    });
    ro.observe(box.current!);

    // the machine's terminal reaches xterm through terminalBridge (connected by the machine lifecycle, src/store/app.ts)
    terminalBridge.sendSize();
    const offTheme = prefsStore.subscribe((s, prev) => {
      if (s.theme !== prev.theme) h.setTheme(s.theme);
    });

    return () => {
      cancelAnimationFrame(frame);
      ro.disconnect();
      offTheme();
      h.setHooks(null);
    };
  }, []);

  return (
    <section className="terminal-panel" aria-label={t("terminal")}>
      <div className="panel-bar">
        <span className="panel-title">{t("terminal")}</span>
        <span className="panel-help">{t("terminalHelp")}</span>
        <button type="button" className="icon-button" title={t("search")} aria-label={t("search")} onClick={() => setSearching((v) => !v)}>
          ⌕
        </button>
      </div>
      {searching && <TerminalSearch host={xtermHost()} onClose={() => setSearching(false)} />}
      <div className="terminal-box" ref={box} data-testid="terminal" />
    </section>
  );
}
