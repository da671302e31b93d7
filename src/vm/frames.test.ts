import { describe, expect, it } from "vitest";
import { encodeChunked, encodeFrame, FrameDecoder, MAX_PAYLOAD } from "./frames";

describe("frames", () => {
  it("round-trips a frame split at every byte boundary", () => {
    const bytes = encodeFrame("d", 7, new TextEncoder().encode("你好 docker"));
    for (let cut = 0; cut <= bytes.length; cut++) {
      const dec = new FrameDecoder();
      const frames = [...dec.push(bytes.slice(0, cut)), ...dec.push(bytes.slice(cut))];
      expect(frames).toHaveLength(1);
      expect(frames[0].type).toBe("d");
      expect(frames[0].id).toBe(7);
      expect(new TextDecoder().decode(frames[0].payload)).toBe("你好 docker");
    }
  });

  it("skips garbage before a frame (resync after a restore)", () => {
    const dec = new FrameDecoder();
    const frames = dec.push(new Uint8Array([1, 2, 3, ...encodeFrame("R", 0, new TextEncoder().encode("v1"))]));
    expect(frames.map((f) => f.type)).toEqual(["R"]);
  });

  it("splits large data into frames of at most MAX_PAYLOAD", () => {
    const data = new Uint8Array(MAX_PAYLOAD * 2 + 5).fill(9);
    const frames = encodeChunked("D", 3, data);
    expect(frames).toHaveLength(3);
    const dec = new FrameDecoder();
    const got = frames.flatMap((f) => dec.push(f));
    expect(got.reduce((n, f) => n + f.payload.length, 0)).toBe(data.length);
  });

  it("refuses payloads over the limit", () => {
    expect(() => encodeFrame("D", 1, new Uint8Array(MAX_PAYLOAD + 1))).toThrow(/too large/);
  });
});
