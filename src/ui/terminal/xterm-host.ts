import { FitAddon } from "@xterm/addon-fit";
import { SearchAddon } from "@xterm/addon-search";
import { WebLinksAddon } from "@xterm/addon-web-links";
import { Terminal } from "@xterm/xterm";
import "@xterm/xterm/css/xterm.css";
import type { Theme } from "../../store/prefs-store";
import type { TerminalBridge } from "../../store/terminal-bridge";
import { TERMINAL_FONT, TERMINAL_FONT_LOAD, XTERM_THEMES } from "./xterm-theme";

export interface XtermHostHooks {
  onSearchRequest(): void;
  /** A link in guest output that points at a port of the VM: shown in the preview tab instead. */
  onGuestLink(port: number): void;
}

/**
 * The learner's xterm, created once for the page (it outlives panel re-renders and VM restores).
 * Guest bytes are written to xterm, which renders them as text; nothing of them becomes HTML.
 */
export class XtermHost {
  readonly term: Terminal;
  readonly fit = new FitAddon();
  readonly search = new SearchAddon();
  readonly element: HTMLDivElement;
  private interactive = false;
  private hooks: XtermHostHooks | null = null;

  constructor(
    private readonly bridge: TerminalBridge,
    theme: Theme,
  ) {
    this.element = document.createElement("div");
    this.element.className = "xterm-host";
    this.term = new Terminal({
      fontFamily: TERMINAL_FONT,
      fontSize: 14,
      lineHeight: 1.15,
      cursorBlink: true,
      scrollback: 5000,
      allowProposedApi: true,
      theme: XTERM_THEMES[theme],
      disableStdin: true,
      convertEol: false,
    });
    this.term.loadAddon(this.fit);
    this.term.loadAddon(this.search);
    this.term.loadAddon(new WebLinksAddon((event, uri) => this.openLink(event, uri)));
    this.term.attachCustomKeyEventHandler((e) => this.onKey(e));
    // keystrokes to the guest and its output back, both through the bridge
    this.term.onData((d) => {
      if (this.interactive) this.bridge.input(d);
    });
    bridge.onOutput((bytes) => this.term.write(bytes));
    this.term.onResize(({ cols, rows }) => this.bridge.resize(cols, rows));
    bridge.attachView({
      write: (text) => this.term.write(text),
      text: () => this.text(),
      focus: () => this.term.focus(),
      size: () => {
        this.refit();
        return { cols: this.term.cols, rows: this.term.rows };
      },
      setInteractive: (on) => this.setInteractive(on),
    });
  }

  setHooks(hooks: XtermHostHooks | null): void {
    this.hooks = hooks;
  }

  /**
   * Mounts the terminal in `parent` (first time: opens it once the terminal font is loaded, since xterm measures
   * its cells when it opens; afterwards: moves it).
   */
  mount(parent: HTMLElement): void {
    parent.appendChild(this.element);
    if (this.term.element) return this.refit();
    const open = () => {
      if (this.term.element) return;
      this.term.open(this.element);
      this.refit();
      this.bridge.resize(this.term.cols, this.term.rows);
    };
    void (document.fonts?.load(TERMINAL_FONT_LOAD) ?? Promise.resolve()).then(open, open);
  }

  refit(): void {
    if (!this.element.isConnected || this.element.clientWidth === 0 || this.element.clientHeight === 0) return;
    try {
      this.fit.fit();
    } catch {
      /* not measurable yet */
    }
  }

  private setInteractive(on: boolean): void {
    this.interactive = on;
    this.term.options.disableStdin = !on;
    this.term.options.cursorBlink = on;
  }

  setTheme(theme: Theme): void {
    this.term.options.theme = XTERM_THEMES[theme];
  }

  text(): string {
    const buf = this.term.buffer.active;
    const lines: string[] = [];
    for (let i = 0; i < buf.length; i++) lines.push(buf.getLine(i)?.translateToString(true) ?? "");
    while (lines.length && lines[lines.length - 1] === "") lines.pop();
    return lines.join("\r\n");
  }

  private onKey(e: KeyboardEvent): boolean {
    if (e.type !== "keydown" || !e.ctrlKey || !e.shiftKey || e.altKey || e.metaKey) return true;
    const key = e.key.toLowerCase();
    if (key === "c") {
      const sel = this.term.getSelection();
      if (sel) void navigator.clipboard?.writeText(sel).catch(() => {});
      e.preventDefault();
      return false;
    }
    if (key === "v") {
      e.preventDefault();
      void navigator.clipboard
        ?.readText()
        .then((t) => {
          if (t && this.interactive) this.term.paste(t);
        })
        .catch(() => {});
      return false;
    }
    if (key === "f") {
      e.preventDefault();
      this.hooks?.onSearchRequest();
      return false;
    }
    return true;
  }

  private openLink(event: MouseEvent, uri: string): void {
    event.preventDefault();
    let url: URL;
    try {
      url = new URL(uri);
    } catch {
      return;
    }
    const local = ["127.0.0.1", "localhost", "0.0.0.0", "172.21.51.143", "docker-host"].includes(url.hostname);
    if (local && url.protocol === "http:") {
      this.hooks?.onGuestLink(Number(url.port || 80));
      return;
    }
    if (url.protocol === "http:" || url.protocol === "https:") window.open(url.href, "_blank", "noopener,noreferrer");
  }
}
