import type { Vm } from "./vm";

/**
 * What a saved state's size follows: v86 stores the guest RAM's non-zero pages (the kernel zeroes freed pages,
 * `init_on_free=1`) and every disk block the guest has written. So between two saves the state grows by about the
 * growth of used RAM (page cache included) plus the bytes written to disk. Measured in Node over a pull, a run, a
 * second pull and an rmi: estimates 287/322/570/394 MB for states of 280/328/598/386 MB.
 */
export interface StateSizeDrivers {
  /** MemTotal − MemFree of the guest. */
  ramUsedBytes: number;
  /** Vm.diskWrittenBytes(). */
  diskWrittenBytes: number;
}

export function parseRamUsed(meminfo: string): number {
  const kb = (key: string) => {
    const m = new RegExp(`^${key}:\\s+(\\d+) kB`, "m").exec(meminfo);
    if (!m) throw new Error(`no ${key} in /proc/meminfo`);
    return Number(m[1]) * 1024;
  };
  return kb("MemTotal") - kb("MemFree");
}

export async function readStateSizeDrivers(vm: Pick<Vm, "guest" | "diskWrittenBytes">): Promise<StateSizeDrivers> {
  const r = await vm.guest.exec(["cat", "/proc/meminfo"], { timeoutMs: 15_000 });
  if (r.code !== 0) throw new Error(`cannot read /proc/meminfo: ${r.err.trim()}`);
  return { ramUsedBytes: parseRamUsed(r.out), diskWrittenBytes: await vm.diskWrittenBytes() };
}

/** The size of a state saved now, from the size of an earlier one and what changed since. */
export function estimateStateBytes(earlier: { stateBytes: number } & StateSizeDrivers, now: StateSizeDrivers): number {
  return Math.max(0, earlier.stateBytes + (now.ramUsedBytes - earlier.ramUsedBytes) + Math.max(0, now.diskWrittenBytes - earlier.diskWrittenBytes));
}
