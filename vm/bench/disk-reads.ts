import type { NodeVm } from "../../src/vm/node-vm";

/** What the guest read from its disk since `trackDiskReads` was called: reads, bytes, and which chunks. */
export interface DiskReads {
  reads: number;
  bytes: number;
  /** Indexes of the disk chunks touched (what the page must download), when a chunk size was given. */
  chunks: Set<number>;
}

/** Wraps the emulated disk's read so benchmarks see every read the guest makes (Node only; reaches into v86). */
export function trackDiskReads(vm: NodeVm, chunkBytes = 0): DiskReads {
  type Buffer = { get: (o: number, l: number, f: unknown) => void };
  const hda = (vm.emulator as unknown as { v86: { cpu: { devices: { ide: { primary: { master: { buffer: Buffer } } } } } } }).v86.cpu.devices.ide.primary.master
    .buffer;
  const out: DiskReads = { reads: 0, bytes: 0, chunks: new Set() };
  const get = hda.get.bind(hda);
  hda.get = (offset, len, fn) => {
    out.reads++;
    out.bytes += len;
    if (chunkBytes > 0) {
      for (let c = Math.floor(offset / chunkBytes); c <= Math.floor((offset + len - 1) / chunkBytes); c++) out.chunks.add(c);
    }
    get(offset, len, fn);
  };
  return out;
}
