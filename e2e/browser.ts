import { readdirSync, readFileSync } from "node:fs";
import { chromium, type Browser, type BrowserContext } from "playwright-core";

const executablePath = () => process.env.CHROMIUM ?? "/usr/bin/chromium";
const args = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  // profile:page experiments, and npm test's lesson walk (scripts/test-all.sh): e.g. CHROMIUM_EXTRA_ARGS="--js-flags=--liftoff-only"
  ...(process.env.CHROMIUM_EXTRA_ARGS ?? "").split(" ").filter(Boolean),
];

/** Debian's chromium, never a downloaded one. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: executablePath(), args });
}

/** The same chromium with a profile on disk (real storage quota, as a visitor's browser has). */
export function launchChromiumProfile(userDataDir: string, viewport = { width: 1280, height: 720 }): Promise<BrowserContext> {
  return chromium.launchPersistentContext(userDataDir, { executablePath: executablePath(), args, viewport });
}

/**
 * Memory of the running chromium, from /proc (Linux): proportional set size (shared pages counted once) of all its
 * processes, and of its renderers alone (the tab, with the emulator's Web Worker and its 512 MB guest RAM).
 * Only meaningful while one chromium runs on the machine.
 */
export function chromiumMemory(): { totalPssMb: number; rendererPssMb: number; processes: number } {
  let total = 0;
  let renderer = 0;
  let processes = 0;
  for (const pid of readdirSync("/proc").filter((d) => /^\d+$/.test(d))) {
    try {
      // chromium's child processes rewrite their command line as one space-separated string
      const cmd = readFileSync(`/proc/${pid}/cmdline`, "utf8").replace(/\0/g, " ");
      if (!/^\S*chrom/.test(cmd) || /--type=zygote/.test(cmd)) continue;
      const pss = /^Pss:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/smaps_rollup`, "utf8"));
      if (!pss) continue;
      const mb = Number(pss[1]) / 1024;
      total += mb;
      processes++;
      if (/--type=renderer/.test(cmd)) renderer += mb;
    } catch {
      /* gone meanwhile, or not ours to read */
    }
  }
  return { totalPssMb: Math.round(total), rendererPssMb: Math.round(renderer), processes };
}
