import { describe, expect, it } from "vitest";
import { estimateStateBytes, parseRamUsed } from "./state-size";

const MEMINFO = "MemTotal:         486640 kB\nMemFree:          339992 kB\nMemAvailable:     437716 kB\n";

describe("state size estimate", () => {
  it("reads used RAM (page cache included) from /proc/meminfo", () => {
    expect(parseRamUsed(MEMINFO)).toBe((486640 - 339992) * 1024);
    expect(() => parseRamUsed("nothing")).toThrow(/MemTotal/);
  });

  it("adds RAM growth and disk writes to the last state; freed RAM makes it smaller", () => {
    const earlier = { stateBytes: 280e6, ramUsedBytes: 241e6, diskWrittenBytes: 29e6 };
    // the Node measurement: after a run, 270 MB used and 10.6 MB more written → a 328 MB state
    expect(estimateStateBytes(earlier, { ramUsedBytes: 270e6, diskWrittenBytes: 39.6e6 })).toBeCloseTo(319.6e6, -5);
    expect(estimateStateBytes(earlier, { ramUsedBytes: 191e6, diskWrittenBytes: 29e6 })).toBe(230e6);
  });
});
