/** What the Playwright suites (e2e/*.spec.ts) share; the tsx scripts (lesson walk, benchmarks) use page-helpers.ts alone. */
import { existsSync, mkdirSync } from "node:fs";
import { test, type Page } from "@playwright/test";
import { ART } from "./page-helpers";

/**
 * A suite's log function (timestamped lines, as the scripts printed), after checking that the VM was built and making
 * the artefact folder (e2e/artifacts: the screenshots the docs use).
 */
export function suiteLog(tag: string): (...a: unknown[]) => void {
  mkdirSync(ART, { recursive: true });
  return (...a: unknown[]) => console.log(`[${tag} ${new Date().toISOString().slice(11, 19)}]`, ...a);
}

/** Fails the suite's first hook at once when public/vm was never built (rather than a boot that times out). */
export function needVm(): void {
  if (!existsSync(new URL("../public/vm/manifest.json", import.meta.url))) throw new Error("public/vm/manifest.json is missing: run `npm run build:vm` first");
}

/**
 * After a failed test, what the scripts printed at a failure: the terminal's text, the page's uncaught errors and the
 * measurements so far, attached to the test (the report and the trace viewer show them). `page` is read when the test
 * ends (the suite's page is made in beforeAll).
 */
export function attachOnFailure(state: () => { page?: Page; errors?: string[]; results?: Record<string, unknown> }): void {
  test.afterEach(async ({}, testInfo) => {
    if (testInfo.status === testInfo.expectedStatus) return;
    const { page, errors, results } = state();
    const terminal = page
      ? await page
          .locator("[data-testid=terminal] .xterm-rows")
          .innerText({ timeout: 5000 })
          .then((t) => t.replace(/\u00a0/g, " "))
          .catch((e) => `(no terminal: ${String(e)})`)
      : "(no page)";
    await testInfo.attach("terminal.txt", { body: terminal, contentType: "text/plain" });
    if (errors?.length) await testInfo.attach("page-errors.txt", { body: errors.join("\n"), contentType: "text/plain" });
    if (results) await testInfo.attach("results-so-far.json", { body: JSON.stringify(results, null, 2), contentType: "application/json" });
  });
}
