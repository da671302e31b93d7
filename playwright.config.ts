/**
 * The browser e2e suites (e2e/*.spec.ts) under @playwright/test: Debian's chromium, launched by e2e/browser.ts (never a
 * downloaded browser: do not run `playwright install`). One worker, in file order, no retries: each suite boots one VM
 * and walks it serially. Traces and screenshots of a failed test land in test-results/playwright/ (or --output).
 * The JSON report goes to test-results/playwright/results.json unless PLAYWRIGHT_JSON_OUTPUT_FILE says otherwise
 * (scripts/test-all.sh writes one file per suite next to vitest's, and scripts/summarize-tests.mjs adds them up).
 * Env knobs as before: E2E_MODE=preview (sandbox, preview: the production build), CHROMIUM_EXTRA_ARGS, CHROMIUM,
 * CLASSROOM_VM=0.
 */
import { defineConfig } from "@playwright/test";

export default defineConfig({
  testDir: "e2e",
  testMatch: "*.spec.ts",
  outputDir: "test-results/playwright",
  workers: 1,
  fullyParallel: false,
  retries: 0,
  forbidOnly: !!process.env.CI,
  // a suite's tests set their own (the VM boots in beforeAll; a docker pull may take many minutes on a busy machine)
  timeout: 10 * 60_000,
  reporter: [["list"], ["json", { outputFile: "test-results/playwright/results.json" }]],
  use: { trace: "retain-on-failure", screenshot: "only-on-failure" },
});
