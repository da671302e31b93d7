/** The subset of v86's event bus used to read serial ports. */
export interface SerialSource {
  add_listener(event: string, listener: (...args: any[]) => void): void;
}

/**
 * v86 reports serial output one byte per event; this collects a port's bytes into one chunk per
 * emulator slice (flushed in a microtask), for the Node harness and the page's worker alike.
 */
export function batchSerialOutput(emulator: SerialSource, port: number, deliver: (bytes: Uint8Array) => void): void {
  let pending: number[] = [];
  let scheduled = false;
  emulator.add_listener(`serial${port}-output-byte`, (byte: number) => {
    pending.push(byte);
    if (scheduled) return;
    scheduled = true;
    queueMicrotask(() => {
      scheduled = false;
      const bytes = Uint8Array.from(pending);
      pending = [];
      deliver(bytes);
    });
  });
}
