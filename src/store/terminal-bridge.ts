import type { TerminalStream } from "../vm/vm";

/** What the terminal panel lends the rest of the page: its own text, never the guest's input. */
export interface TerminalView {
  /** Writes our own text (notices, a resumed session's screen) into the terminal, not to the guest. */
  write(text: string): void;
  /** The terminal's text (scrollback and screen), trailing blanks trimmed. */
  text(): string;
  focus(): void;
}

/**
 * The one path from the page to the learner's shell: keystrokes from xterm, commands from the
 * lesson's "run" buttons. It also tells listeners when a command was entered (lesson checks).
 */
export class TerminalBridge {
  private view: TerminalView | null = null;
  private pending: string[] = [];
  private stream: TerminalStream | null = null;
  private enterListeners = new Set<() => void>();
  private inputListeners = new Set<() => void>();

  setStream(stream: TerminalStream | null): void {
    this.stream = stream;
  }

  attachView(view: TerminalView): () => void {
    this.view = view;
    for (const t of this.pending) view.write(t);
    this.pending = [];
    return () => {
      if (this.view === view) this.view = null;
    };
  }

  /** Text shown in the terminal only (never sent to the guest). */
  writeLocal(text: string): void {
    if (this.view) this.view.write(text);
    else this.pending.push(text);
  }

  snapshotText(): string {
    return this.view?.text() ?? "";
  }

  focus(): void {
    this.view?.focus();
  }

  /** Bytes the learner typed in xterm. */
  input(data: string): void {
    if (!this.stream) return;
    this.stream.write(data);
    this.inputListeners.forEach((l) => l());
    if (data.includes("\r")) this.enterListeners.forEach((l) => l());
  }

  /** Types a command at the prompt, as the learner would (lines joined with Enter). */
  type(command: string, run = true): boolean {
    if (!this.stream) return false;
    const text = command.replace(/\r?\n/g, "\r") + (run ? "\r" : "");
    this.input(text);
    this.view?.focus();
    return true;
  }

  /**
   * Makes the prompt visible after a restore (the shell printed it before the snapshot was taken).
   * When the guest redraws it by itself (its tty size changed), no Enter is sent.
   */
  freshPrompt(waitMs = 700): void {
    const s = this.stream;
    if (!s) return;
    let seen = false;
    const off = s.onData(() => (seen = true));
    setTimeout(() => {
      off();
      if (!seen && this.stream === s) s.write("\r");
    }, waitMs);
  }

  onEnter(listener: () => void): () => void {
    this.enterListeners.add(listener);
    return () => this.enterListeners.delete(listener);
  }

  onInput(listener: () => void): () => void {
    this.inputListeners.add(listener);
    return () => this.inputListeners.delete(listener);
  }
}
