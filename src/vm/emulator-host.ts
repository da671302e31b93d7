import { ChannelTransport, GuestChannel } from "./guest-channel";
import { batchSerialOutput as serialOutput } from "./serial-batch";

/** The subset of v86's V86 class the sandbox uses (v86.d.ts does not declare all of it). */
export interface V86Like {
  add_listener(event: string, listener: (...args: any[]) => void): void;
  remove_listener(event: string, listener: (...args: any[]) => void): void;
  serial_send_bytes(port: number, data: Uint8Array): void;
  save_state(): Promise<ArrayBuffer>;
  restore_state(state: ArrayBuffer): Promise<void>;
  get_instruction_counter(): number;
  is_running(): boolean;
  run(): Promise<void>;
  stop(): Promise<void>;
  destroy(): Promise<void>;
}

export const TERMINAL_PORT = 0;
export const CHANNEL_PORT = 1;
export const CONSOLE_PORT = 2;

/**
 * Wires a running v86 to the sandbox's three serial ports. Environment-neutral: used by the Node harness
 * and by the page's emulator worker.
 */
export class EmulatorHost {
  readonly channel: GuestChannel;
  private terminalListeners = new Set<(bytes: Uint8Array) => void>();
  private consoleListeners = new Set<(bytes: Uint8Array) => void>();
  /** The last 64 KiB of kernel/boot console output, for error reports. */
  consoleTail = "";

  constructor(readonly emulator: V86Like) {
    serialOutput(emulator, TERMINAL_PORT, (b) => this.terminalListeners.forEach((l) => l(b)));
    serialOutput(emulator, CONSOLE_PORT, (b) => {
      this.consoleTail = (this.consoleTail + new TextDecoder().decode(b)).slice(-65536);
      this.consoleListeners.forEach((l) => l(b));
    });
    let channelListener: (bytes: Uint8Array) => void = () => {};
    serialOutput(emulator, CHANNEL_PORT, (b) => channelListener(b));
    const transport: ChannelTransport = {
      send: (bytes) => emulator.serial_send_bytes(CHANNEL_PORT, bytes),
      onBytes: (l) => {
        channelListener = l;
      },
    };
    this.channel = new GuestChannel(transport);
  }

  writeTerminal(data: string | Uint8Array): void {
    this.emulator.serial_send_bytes(TERMINAL_PORT, typeof data === "string" ? new TextEncoder().encode(data) : data);
  }
  onTerminal(listener: (bytes: Uint8Array) => void): () => void {
    this.terminalListeners.add(listener);
    return () => this.terminalListeners.delete(listener);
  }
  onConsole(listener: (bytes: Uint8Array) => void): () => void {
    this.consoleListeners.add(listener);
    return () => this.consoleListeners.delete(listener);
  }
}
