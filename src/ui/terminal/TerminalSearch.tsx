import { useEffect, useRef, useState } from "react";
import { useT } from "../hooks";
import type { XtermHost } from "./xterm-host";

export function TerminalSearch({ host, onClose }: { host: XtermHost; onClose(): void }) {
  const t = useT();
  const [query, setQuery] = useState("");
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => {
    input.current?.focus();
  }, []);
  const close = () => {
    host.search.clearDecorations();
    onClose();
    host.term.focus();
  };
  const next = () => query && host.search.findNext(query);
  const prev = () => query && host.search.findPrevious(query);
  return (
    <div className="terminal-search" role="search">
      <input
        ref={input}
        value={query}
        placeholder={t("search")}
        aria-label={t("search")}
        onChange={(e) => {
          setQuery(e.target.value);
          if (e.target.value) host.search.findNext(e.target.value, { incremental: true });
        }}
        onKeyDown={(e) => {
          if (e.key === "Enter") (e.shiftKey ? prev : next)();
          if (e.key === "Escape") close();
        }}
      />
      <button type="button" onClick={prev}>
        {t("searchPrev")}
      </button>
      <button type="button" onClick={next}>
        {t("searchNext")}
      </button>
      <button type="button" onClick={close}>
        {t("close")}
      </button>
    </div>
  );
}
