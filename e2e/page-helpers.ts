import { existsSync, mkdirSync } from "node:fs";
import type { Page } from "playwright-core";

/** The host shell's prompt (the VM's hostname is docker-host). */
export const PROMPT = /root@docker-host:[^\n]*# *$/m;
export const MIN = 60_000;
/** Screenshots and result files of the e2e scripts. */
export const ART = new URL("./artifacts/", import.meta.url).pathname;

/** Every e2e script's start: artefact folder, and a clear exit when the VM was never built. */
export function e2ePreamble(tag: string): (...a: unknown[]) => void {
  mkdirSync(ART, { recursive: true });
  if (!existsSync(new URL("../public/vm/manifest.json", import.meta.url))) {
    console.error("public/vm/manifest.json is missing: run `npm run build:vm` first");
    process.exit(2);
  }
  return (...a: unknown[]) => console.log(`[${tag} ${new Date().toISOString().slice(11, 19)}]`, ...a);
}

/** What the terminal shows (xterm's DOM renderer: one row per line, viewport only). */
export async function terminalText(page: Page): Promise<string> {
  return (await page.locator("[data-testid=terminal] .xterm-rows").innerText()).replace(/\u00a0/g, " ");
}

export async function waitFor<T>(what: string, probe: () => Promise<T | null | undefined | false>, timeoutMs: number, everyMs = 250): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const v = await probe();
      if (v) return v;
    } catch (e) {
      last = e;
    }
    await new Promise((r) => setTimeout(r, everyMs));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? ` (last error: ${String(last)})` : ""}`);
}

export async function waitForTerminal(page: Page, pattern: RegExp, timeoutMs = 60_000): Promise<string> {
  return waitFor(
    `terminal to show ${pattern}`,
    async () => {
      const text = await terminalText(page);
      return pattern.test(text) ? text : null;
    },
    timeoutMs,
  );
}

/** The terminal's rows without trailing spaces; the last non-empty one; the text with its line breaks removed. */
export const rows = (text: string) => text.split("\n").map((r) => r.trimEnd());
export const lastRow = (text: string) => rows(text).filter(Boolean).pop() ?? "";
export const joined = (text: string) => text.replace(/\n/g, "");

/**
 * Types a line like a learner and presses Enter once the line shows at the prompt. Returns the screen just before
 * Enter and `echoed(t)`: whether screen `t` still ends with the line (no output and no prompt after it yet; its echo
 * may also have scrolled out of view later: `curl` prints a whole page).
 */
export async function enterLine(page: Page, line: string): Promise<{ before: string; echoed: (t: string) => boolean }> {
  await page.locator("[data-testid=terminal] .xterm-helper-textarea").focus();
  await page.keyboard.type(line, { delay: 2 });
  const tail = line.slice(-24).trimEnd();
  const echoed = (t: string) => joined(rows(t).filter(Boolean).slice(-4).join("\n")).endsWith(tail);
  await waitFor(`the echo of \`${line}\``, async () => echoed(await terminalText(page)), 60_000, 100);
  const before = await terminalText(page);
  await page.keyboard.press("Enter");
  return { before, echoed };
}

/** Types a line into the terminal like a learner (keystrokes into xterm), then Enter. */
export async function typeLine(page: Page, line: string): Promise<void> {
  await page.locator("[data-testid=terminal] .xterm-helper-textarea").focus();
  await page.keyboard.type(line, { delay: 2 });
  await page.keyboard.press("Enter");
}

/** Replaces Monaco's whole buffer with `text` by pasting it (typing would auto-close brackets). */
export async function setEditorText(page: Page, text: string): Promise<void> {
  await page.evaluate((t) => navigator.clipboard.writeText(t), text);
  await page.locator("[data-testid=monaco] .view-lines").click();
  await page.keyboard.press("Control+A");
  await page.keyboard.press("Control+V");
}

export async function editorText(page: Page): Promise<string> {
  return (await page.locator("[data-testid=monaco] .view-lines").innerText()).replace(/\u00a0/g, " ");
}
