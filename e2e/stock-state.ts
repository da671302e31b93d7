/**
 * For the benchmarks' side by side (BENCH_EMULATOR=stock): the published machine state with the disk's written blocks
 * in upstream v86's form, which npm's prebuilt emulator restores. Our emulator (vm/emulator, patch 0011) saves them
 * as [Int32Array of runs (first block, count), the runs' bytes]; upstream's disk buffers read [[[block, Uint8Array(256)], …]].
 * Everything else in the state is left as it is. The state format is v86's src/state.js: a 16-byte header (magic,
 * version, total length, info length), the info block (JSON: buffer_infos and the state tree, typed arrays as
 * {__state_type__, buffer_id}), then the buffers, each at a 4-byte aligned offset.
 */
import { execFileSync } from "node:child_process";

const BLOCK_SIZE = 256;
interface Ref {
  __state_type__: string;
  buffer_id: number;
}
interface BufferInfo {
  offset: number;
  length: number;
  view?: boolean;
}

const isRef = (x: unknown, type: string): x is Ref =>
  typeof x === "object" && x !== null && (x as Ref).__state_type__ === type && typeof (x as Ref).buffer_id === "number";

/** Reads a .bin.zst state, returns it (zstd-compressed again) with every disk's written blocks in upstream's form. */
export function stockState(zstPath: string): { state: Buffer; convertedBlocks: number } {
  const raw = execFileSync("zstd", ["-dcq", zstPath], { maxBuffer: 2 ** 31 - 1 });
  const infoLen = raw.readInt32LE(12);
  const info = JSON.parse(raw.subarray(16, 16 + infoLen).toString("utf8")) as { buffer_infos: BufferInfo[]; state: unknown };
  const start = (16 + infoLen + 3) & ~3;
  const buffers = info.buffer_infos.map((b) => raw.subarray(start + b.offset, start + b.offset + b.length));
  const kept = [...buffers];
  let convertedBlocks = 0;
  const convert = (node: unknown): unknown => {
    if (Array.isArray(node)) {
      if (node.length === 2 && isRef(node[0], "Int32Array") && isRef(node[1], "Uint8Array") && info.buffer_infos[node[1].buffer_id]!.view) {
        const r = buffers[node[0].buffer_id]!;
        const runs = new Int32Array(r.buffer.slice(r.byteOffset, r.byteOffset + r.length));
        const bytes = buffers[node[1].buffer_id]!;
        const entries: Array<[number, Ref]> = [];
        let at = 0;
        for (let i = 0; i < runs.length; i += 2) {
          for (let block = runs[i]!; block < runs[i]! + runs[i + 1]!; block++, at += BLOCK_SIZE) {
            kept.push(bytes.subarray(at, at + BLOCK_SIZE));
            entries.push([block, { __state_type__: "Uint8Array", buffer_id: kept.length - 1 }]);
          }
        }
        if (at !== bytes.length) throw new Error(`stock state: runs cover ${at} bytes, the disk's state has ${bytes.length}`);
        convertedBlocks += entries.length;
        return [entries];
      }
      return node.map(convert);
    }
    if (typeof node === "object" && node !== null && !("__state_type__" in node))
      return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, convert(v)]));
    return node;
  };
  const state = convert(info.state);
  let total = 0;
  const bufferInfos = kept.map((b, i) => {
    const bi: BufferInfo = { offset: total, length: b.length, ...(info.buffer_infos[i]?.view && { view: true }) };
    total = (total + b.length + 3) & ~3;
    return bi;
  });
  const infoBlock = Buffer.from(JSON.stringify({ buffer_infos: bufferInfos, state }), "utf8");
  const bufferStart = (16 + infoBlock.length + 3) & ~3;
  const out = Buffer.alloc(bufferStart + total);
  out.writeInt32LE(raw.readInt32LE(0), 0); // magic
  out.writeInt32LE(raw.readInt32LE(4), 4); // version
  out.writeInt32LE(out.length, 8);
  out.writeInt32LE(infoBlock.length, 12);
  infoBlock.copy(out, 16);
  kept.forEach((b, i) => b.copy(out, bufferStart + bufferInfos[i]!.offset));
  return { state: execFileSync("zstd", ["-3", "-cq"], { input: out, maxBuffer: 2 ** 31 - 1 }), convertedBlocks };
}
