import { describe, expect, it } from "vitest";
import { decodeState, encodeState } from "./state-codec";

describe("state codec", () => {
  it("round-trips a state through gzip and shrinks zero pages", async () => {
    const state = new Uint8Array(1 << 20);
    state.set([1, 2, 3, 250], 4096);
    const enc = await encodeState(state.buffer, true);
    expect(enc.encoding).toBe("gzip");
    expect(enc.blob.size).toBeLessThan(state.byteLength / 50);
    const back = new Uint8Array(await decodeState(enc.blob, enc.encoding));
    expect(back.byteLength).toBe(state.byteLength);
    expect([...back.slice(4096, 4100)]).toEqual([1, 2, 3, 250]);
  });

  it("stores raw bytes when compression is unavailable", async () => {
    const state = new Uint8Array([9, 8, 7]).buffer;
    const enc = await encodeState(state, false);
    expect(enc.encoding).toBe("identity");
    expect([...new Uint8Array(await decodeState(enc.blob, "identity"))]).toEqual([9, 8, 7]);
  });
});
