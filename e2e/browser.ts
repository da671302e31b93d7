import { chromium, type Browser, type BrowserContext } from "playwright-core";

const executablePath = () => process.env.CHROMIUM ?? "/usr/bin/chromium";
const args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];

/** Debian's chromium, never a downloaded one. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: executablePath(), args });
}

/** The same chromium with a profile on disk (real storage quota, as a visitor's browser has). */
export function launchChromiumProfile(userDataDir: string, viewport = { width: 1280, height: 720 }): Promise<BrowserContext> {
  return chromium.launchPersistentContext(userDataDir, { executablePath: executablePath(), args, viewport });
}
