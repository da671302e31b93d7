/**
 * Bad input (issue 16): a learner fills the disk with `dd if=/dev/urandom of=/root/big bs=1M count=2000`.
 * The blocks the guest writes go to origin-private storage in the emulator's worker (patch 0010 of vm/emulator), not
 * into the tab's memory: the terminal shows dd's "No space left on device" when the 2 GB disk is full, the tab's
 * memory grows by far less than what was written, and the machine goes on (the file is removed, Docker answers).
 * A browser profile on disk, as a visitor has (a context without one keeps origin-private storage in memory).
 * Run: npm run test:e2e:disk-full   (production build; writes e2e/artifacts/disk-full-results.json)
 */
import { writeFileSync } from "node:fs";
import { expect, test } from "@playwright/test";
import type { Page } from "playwright-core";
import { chromiumMemory, openProfilePage } from "./browser";
import { typeLine, waitForTerminal, ART, MIN, PROMPT } from "./page-helpers";
import { startServer, type RunningServer } from "./server";
import { attachOnFailure, needVm, suiteLog } from "./spec-helpers";

const log = suiteLog("disk-full");
const DD = "dd if=/dev/urandom of=/root/big bs=1M count=2000";

test.describe.serial("disk-full e2e", () => {
  let server: RunningServer;
  let page: Page;
  let errors: string[] = [];
  let close: (() => Promise<void>) | undefined;
  const results: Record<string, unknown> = {};
  let before: ReturnType<typeof chromiumMemory>;
  attachOnFailure(() => ({ page, errors, results }));

  test.beforeAll(async () => {
    test.setTimeout(5 * MIN);
    needVm();
    server = await startServer("preview");
    ({ page, errors, close } = await openProfilePage("disk-full-e2e"));
  });

  test.afterAll(async () => {
    await close?.();
    await server?.close();
  });

  test("boot to the prompt (a browser profile on disk)", async () => {
    test.setTimeout(7 * MIN);
    await page.goto(`${server.url}?warmup=0`);
    await expect(page.locator(".boot-overlay"), "the boot overlay to go").toHaveCount(0, { timeout: 5 * MIN });
    await waitForTerminal(page, PROMPT, MIN);
    before = chromiumMemory();
    log("at the prompt:", before);
  });

  test("dd fills the disk: No space left on device, and the tab grows by less than half of what it wrote", async () => {
    // the seed-sized mistake, typed as a learner would
    test.setTimeout(42 * MIN);
    const t0 = Date.now();
    await typeLine(page, `clear; ${DD}`);
    const out = await waitForTerminal(page, /No space left on device[\s\S]*copied[^\n]*\n[^\n]*# *$/, 40 * MIN);
    const after = chromiumMemory();
    const copied = /(\d+) bytes \(.*\) copied/.exec(out);
    expect(copied, `dd reported what it wrote:\n${out}`).toBeTruthy();
    const writtenMb = Math.round(Number(copied![1]) / 1e6);
    results.dd = { ms: Date.now() - t0, writtenMb, pssBeforeMb: before.totalPssMb, pssAfterMb: after.totalPssMb, rendererAfterMb: after.rendererPssMb };
    log("dd:", results.dd);
    await page.screenshot({ path: `${ART}disk-full-01-no-space.png` });
    expect(out).toMatch(/dd: error writing '\/root\/big': No space left on device/);
    expect(writtenMb, `the disk took more than 1 GB before it was full (${writtenMb} MB)`).toBeGreaterThan(1000);
    // what was written is not in the tab: it grew by less than half of it (the guest's page cache, at most its RAM, is)
    expect(after.totalPssMb - before.totalPssMb, `the tab grew by ${after.totalPssMb - before.totalPssMb} MB while dd wrote ${writtenMb} MB`).toBeLessThan(
      writtenMb / 2,
    );
  });

  test("the machine goes on: the file goes, the space comes back, Docker answers", async () => {
    test.setTimeout(6 * MIN);
    await typeLine(page, "clear; rm /root/big && df -m / | awk 'NR==2{print \"FREE-MB\", $4}' && docker ps --format '{{.Names}}' && echo AFTER-$((6*7))");
    const freed = await waitForTerminal(page, /\nAFTER-42\s*\n/, 5 * MIN);
    const freeMb = Number(/FREE-MB (\d+)/.exec(freed)?.[1]);
    results.afterRm = { freeMb };
    expect(freeMb, `more than 1 GB free again (${freeMb} MB)`).toBeGreaterThan(1000);
  });

  test("no uncaught page errors", () => {
    expect(errors, "no uncaught page errors").toEqual([]);
    writeFileSync(`${ART}disk-full-results.json`, JSON.stringify(results, null, 2) + "\n");
    log("PASS", JSON.stringify(results, null, 2));
  });
});
