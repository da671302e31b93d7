import type { V86 } from "v86";
import { ChannelTransport, GuestChannel } from "./guest-channel";
import { batchSerialOutput as serialOutput } from "./serial-batch";

/**
 * The part of v86's V86 class the sandbox uses, as the npm package's v86.d.ts declares it (types only: the emulator
 * itself is the VM build's vm/libv86.mjs, loaded at run time).
 */
export type V86Like = Pick<
  V86,
  "add_listener" | "remove_listener" | "serial_send_bytes" | "save_state" | "restore_state" | "run" | "stop" | "destroy" | "get_instruction_counter"
> & {
  /**
   * Saves the state piece by piece through `write` (synchronous; `bytes` valid only during the call) instead of
   * assembling it in memory; resolves to its size. The emulator built from source has it (vm/emulator/patches/0011),
   * the npm package's stock build does not.
   */
  save_state_to?(write: (bytes: Uint8Array, position: number) => void): Promise<number>;
};

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

  constructor(readonly emulator: V86Like) {
    serialOutput(emulator, TERMINAL_PORT, (b) => this.terminalListeners.forEach((l) => l(b)));
    serialOutput(emulator, CONSOLE_PORT, (b) => this.consoleListeners.forEach((l) => l(b)));
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
