import { describe, expect, it } from "vitest";
import { downloadFraction, estimateAfterDownloadMs, estimateRemainingMs, formatMb } from "./boot-estimate";

describe("boot estimate", () => {
  it("says nothing until a rate is known", () => {
    expect(estimateRemainingMs({ loadedBytes: 0, totalBytes: 100, elapsedMs: 1000 })).toBeNull();
    expect(estimateRemainingMs({ loadedBytes: 10, totalBytes: 100, elapsedMs: 100 })).toBeNull();
  });

  it("projects the remaining bytes at the observed rate plus the restore", () => {
    // 10 MB in 2 s → 5 MB/s; 40 MB left → 8 s, plus 8 s restore and engine
    expect(estimateRemainingMs({ loadedBytes: 10e6, totalBytes: 50e6, elapsedMs: 2000 })).toBe(16000);
    expect(estimateRemainingMs({ loadedBytes: 50e6, totalBytes: 50e6, elapsedMs: 2000 }, 3000)).toBe(3000);
  });

  it("counts down after the download without going below a second", () => {
    expect(estimateAfterDownloadMs(2000)).toBe(6000);
    expect(estimateAfterDownloadMs(60000)).toBe(1000);
  });

  it("clamps the fraction and formats megabytes", () => {
    expect(downloadFraction(150, 100)).toBe(1);
    expect(downloadFraction(5, 0)).toBe(0);
    expect(formatMb(36_600_000)).toBe("36.6");
    expect(formatMb(512_000_000)).toBe("512");
  });
});
