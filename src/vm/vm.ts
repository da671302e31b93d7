import type { GuestApi } from "./guest-api";

/** Where a boot stands; the UI renders from this and nothing else sets it. */
export type BootPhase =
  | { kind: "idle" }
  | { kind: "downloading"; loadedBytes: number; totalBytes: number; file: string }
  | { kind: "restoring" }
  | { kind: "waiting-engine" }
  | { kind: "ready"; bootMs: number }
  | { kind: "error"; message: string; retryable: boolean };

export interface TerminalStream {
  /** Bytes typed by the learner, sent to the guest shell. */
  write(data: string | Uint8Array): void;
  /** Bytes the guest shell prints. Returns an unsubscribe function. */
  onData(listener: (bytes: Uint8Array) => void): () => void;
  /** The guest's tty follows this size (`stty size` answers rows cols). */
  resize(cols: number, rows: number): void;
}

/**
 * The one door to the emulator: the UI and the lesson runtime know only this.
 */
export interface Vm {
  readonly terminal: TerminalStream;
  readonly guest: GuestApi;
  /** Download artefacts (with progress), restore the snapshot (or `state`) and wait until dockerd answers. */
  boot(onPhase: (phase: BootPhase) => void, state?: ArrayBuffer): Promise<void>;
  /** The whole machine state (RAM, devices, written disk blocks), for a saved session / rewind. */
  saveState(): Promise<ArrayBuffer>;
  /**
   * The same state written straight into `file` (an empty file of origin-private storage) by the emulator, never held
   * in memory; resolves to its size. Only where the emulator runs in a worker that can open the file synchronously
   * (the page, with the emulator built from source); rejects otherwise.
   */
  saveStateToFile?(file: FileSystemFileHandle): Promise<number>;
  /**
   * Bytes the guest has written to its disk since boot, rewrites counted each time. A saved state holds every written
   * disk block, so it has grown by at most this much since the last save.
   */
  diskWrittenBytes(): Promise<number>;
  /** Restore a state from saveState() or, without an argument, the shipped snapshot. */
  restore(onPhase: (phase: BootPhase) => void, state?: ArrayBuffer): Promise<void>;
  /** True when the guest still answers its channel within `timeoutMs`. */
  isAlive(timeoutMs?: number): Promise<boolean>;
  destroy(): Promise<void>;
}
