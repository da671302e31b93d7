/**
 * Frees an ArrayBuffer's bytes now (ArrayBuffer.prototype.transfer detaches it; every view of it becomes empty).
 * A machine state is 90–300 MB, and Chromium gives an unreachable buffer back only when its garbage collector next
 * runs: measured, a 500 MB buffer dropped in a worker still counted 6 s later, and one detached was gone at once
 * (docs/performance.md §11, session 12). Use it where the bytes have been copied on (into the emulator, a file)
 * and nothing reads the buffer again. Hosts without `transfer` (Node 20) leave it to the collector.
 */
export function releaseBuffer(buffer: ArrayBuffer): void {
  const b = buffer as ArrayBuffer & { transfer?: (length: number) => ArrayBuffer; detached?: boolean };
  if (typeof b.transfer !== "function" || b.detached) return;
  try {
    b.transfer(0);
  } catch {
    // not detachable (e.g. a wasm memory's buffer): left to the collector
  }
}
