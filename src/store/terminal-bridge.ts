import type { TerminalStream } from "../vm/vm";

/** What the terminal panel (xterm) lends the rest of the page. */
export interface TerminalView {
  /** Writes our own text (notices, a resumed session's screen) into the terminal, not to the guest. */
  write(text: string): void;
  /** The terminal's text (scrollback and screen), trailing blanks trimmed. */
  text(): string;
  focus(): void;
  /** The terminal's size in characters, fitted to its box first (the guest's tty takes it). */
  size(): { cols: number; rows: number };
  /** Keystrokes go to the guest only while the machine is ready. */
  setInteractive(on: boolean): void;
}

/**
 * The page's one path to and from the learner's shell: the machine's terminal stream is connected here (by the
 * machine lifecycle, src/store/machine-lifecycle.ts), and everything else goes through this object. Input: keystrokes
 * from xterm, commands from the lesson's "run" buttons. Output: every listener added with `onOutput` (xterm, and the
 * output-settled cue below). It also tells listeners when a command was entered and when its output went quiet
 * (lesson checks).
 */
export class TerminalBridge {
  private view: TerminalView | null = null;
  private pending: string[] = [];
  private stream: TerminalStream | null = null;
  private ready = false;
  private outputListeners = new Set<(bytes: Uint8Array) => void>();
  private enterListeners = new Set<() => void>();
  private inputListeners = new Set<() => void>();
  private settledListeners = new Set<() => void>();
  private offData: (() => void) | null = null;
  private settleTimer: ReturnType<typeof setTimeout> | undefined;
  /** Times the guest's output may still settle for the command last entered (0: nothing entered since). */
  private settlesLeft = 0;

  /**
   * @param quietMs how long the guest's output must pause after a command before `onSettled` listeners hear of it
   * @param settlesPerCommand how many pauses of one command are reported (a long build pauses between its steps)
   */
  constructor(
    private readonly quietMs = 600,
    private readonly settlesPerCommand = 4,
  ) {
    this.onOutput(() => this.guestOutput());
  }

  /** The machine's terminal stream (once the VM exists). Returns what disconnects it. */
  connect(stream: TerminalStream): () => void {
    this.disconnect();
    this.stream = stream;
    this.offData = stream.onData((bytes) => this.outputListeners.forEach((l) => l(bytes)));
    return () => {
      if (this.stream === stream) this.disconnect();
    };
  }

  private disconnect(): void {
    this.offData?.();
    this.offData = null;
    clearTimeout(this.settleTimer);
    this.settlesLeft = 0;
    this.stream = null;
  }

  /** The machine is ready: the terminal takes keystrokes, the guest's tty takes the terminal's size. Returns what ends it. */
  machineReady(): () => void {
    this.ready = true;
    this.view?.setInteractive(true);
    this.sendSize();
    this.view?.focus();
    return () => {
      this.ready = false;
      this.view?.setInteractive(false);
    };
  }

  private guestOutput(): void {
    if (this.settlesLeft <= 0) return;
    clearTimeout(this.settleTimer);
    this.settleTimer = setTimeout(() => {
      this.settlesLeft--;
      this.settledListeners.forEach((l) => l());
    }, this.quietMs);
  }

  attachView(view: TerminalView): () => void {
    this.view = view;
    for (const t of this.pending) view.write(t);
    this.pending = [];
    view.setInteractive(this.ready);
    return () => {
      if (this.view === view) this.view = null;
    };
  }

  /** The guest's tty follows the terminal's size (after a boot or restore it has the snapshot's), while the machine is ready. */
  sendSize(): void {
    if (!this.ready) return;
    const size = this.view?.size();
    if (size) this.resize(size.cols, size.rows);
  }

  resize(cols: number, rows: number): void {
    this.stream?.resize(cols, rows);
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
    if (data.includes("\r")) {
      this.settlesLeft = this.settlesPerCommand;
      this.enterListeners.forEach((l) => l());
    }
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
    const off = this.onOutput(() => (seen = true));
    setTimeout(() => {
      off();
      if (!seen && this.stream === s) s.write("\r");
    }, waitMs);
  }

  /** What the guest's shell prints (xterm shows it). Returns what stops listening. */
  onOutput(listener: (bytes: Uint8Array) => void): () => void {
    this.outputListeners.add(listener);
    return () => this.outputListeners.delete(listener);
  }

  onEnter(listener: () => void): () => void {
    this.enterListeners.add(listener);
    return () => this.enterListeners.delete(listener);
  }

  /**
   * After a command was entered: the guest printed something and then went quiet (the command ended and its prompt
   * is back, or it paused). A cue to check the lesson step now; what passes is still judged from the engine.
   */
  onSettled(listener: () => void): () => void {
    this.settledListeners.add(listener);
    return () => this.settledListeners.delete(listener);
  }

  onInput(listener: () => void): () => void {
    this.inputListeners.add(listener);
    return () => this.inputListeners.delete(listener);
  }
}
