/**
 * The guest channel's wire format (see vm/agent/sandbox-agent.c):
 *   0xA5 type:u8 id:u32le len:u32le payload[len]
 */
export const MAGIC = 0xa5;
export const HEADER_BYTES = 10;
export const MAX_PAYLOAD = 64 * 1024;

export interface Frame {
  type: string;
  id: number;
  payload: Uint8Array;
}

export function encodeFrame(type: string, id: number, payload: Uint8Array = new Uint8Array(0)): Uint8Array {
  if (payload.length > MAX_PAYLOAD) throw new Error(`frame payload too large: ${payload.length}`);
  const out = new Uint8Array(HEADER_BYTES + payload.length);
  const view = new DataView(out.buffer);
  out[0] = MAGIC;
  out[1] = type.charCodeAt(0);
  view.setUint32(2, id >>> 0, true);
  view.setUint32(6, payload.length, true);
  out.set(payload, HEADER_BYTES);
  return out;
}

/** Splits `data` into frames of at most MAX_PAYLOAD bytes each. */
export function encodeChunked(type: string, id: number, data: Uint8Array): Uint8Array[] {
  const frames: Uint8Array[] = [];
  for (let off = 0; off < data.length; off += MAX_PAYLOAD) {
    frames.push(encodeFrame(type, id, data.subarray(off, off + MAX_PAYLOAD)));
  }
  return frames;
}

/** Reassembles frames from a byte stream; bytes before a magic byte are skipped (resync after a restore). */
export class FrameDecoder {
  private buf = new Uint8Array(4096);
  private len = 0;

  push(bytes: Uint8Array): Frame[] {
    if (this.len + bytes.length > this.buf.length) {
      const bigger = new Uint8Array(Math.max(this.buf.length * 2, this.len + bytes.length));
      bigger.set(this.buf.subarray(0, this.len));
      this.buf = bigger;
    }
    this.buf.set(bytes, this.len);
    this.len += bytes.length;

    const frames: Frame[] = [];
    const view = new DataView(this.buf.buffer, this.buf.byteOffset);
    let off = 0;
    for (;;) {
      while (off < this.len && this.buf[off] !== MAGIC) off++;
      if (this.len - off < HEADER_BYTES) break;
      const length = view.getUint32(off + 6, true);
      if (length > MAX_PAYLOAD) {
        off++;
        continue;
      }
      if (this.len - off < HEADER_BYTES + length) break;
      frames.push({
        type: String.fromCharCode(this.buf[off + 1]),
        id: view.getUint32(off + 2, true),
        payload: this.buf.slice(off + HEADER_BYTES, off + HEADER_BYTES + length),
      });
      off += HEADER_BYTES + length;
    }
    this.buf.copyWithin(0, off, this.len);
    this.len -= off;
    return frames;
  }
}
