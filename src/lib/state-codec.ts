/** A machine state as stored: gzip when the browser has CompressionStream, raw otherwise. */
export type StateEncoding = "gzip" | "identity";

export interface EncodedState {
  blob: Blob;
  encoding: StateEncoding;
}

export function canCompress(): boolean {
  return typeof CompressionStream === "function" && typeof DecompressionStream === "function";
}

export async function encodeState(state: ArrayBuffer, compress = canCompress()): Promise<EncodedState> {
  const raw = new Blob([state]);
  if (!compress) return { blob: raw, encoding: "identity" };
  const blob = await new Response(raw.stream().pipeThrough(new CompressionStream("gzip"))).blob();
  return { blob, encoding: "gzip" };
}

export async function decodeState(blob: Blob, encoding: StateEncoding): Promise<ArrayBuffer> {
  if (encoding === "identity") return blob.arrayBuffer();
  return new Response(blob.stream().pipeThrough(new DecompressionStream("gzip"))).arrayBuffer();
}
