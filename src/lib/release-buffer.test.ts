import { describe, expect, it, vi } from "vitest";
import { releaseBuffer } from "./release-buffer";

describe("releaseBuffer", () => {
  it("detaches the buffer where the host can (transfer to length 0)", () => {
    const transfer = vi.fn();
    releaseBuffer({ transfer, detached: false } as unknown as ArrayBuffer);
    expect(transfer).toHaveBeenCalledWith(0);
  });
  it("leaves a detached buffer, a host without transfer, and a buffer that refuses, alone", () => {
    const transfer = vi.fn();
    releaseBuffer({ transfer, detached: true } as unknown as ArrayBuffer);
    expect(transfer).not.toHaveBeenCalled();
    expect(() => releaseBuffer({} as ArrayBuffer)).not.toThrow();
    const refuses = () => {
      throw new TypeError("not detachable");
    };
    expect(() => releaseBuffer({ transfer: refuses } as unknown as ArrayBuffer)).not.toThrow();
  });
  it("frees a real buffer's bytes where the runtime has transfer", () => {
    const buf = new ArrayBuffer(1024);
    releaseBuffer(buf);
    if (typeof (buf as { transfer?: unknown }).transfer === "function") expect(buf.byteLength).toBe(0);
    else expect(buf.byteLength).toBe(1024);
  });
});
