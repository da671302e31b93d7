/**
 * Bad input (issue 16): a learner fills the disk with `dd if=/dev/urandom of=/root/big bs=1M count=2000`.
 * The blocks the guest writes go to origin-private storage in the emulator's worker (patch 0010 of vm/emulator), not
 * into the tab's memory: the terminal shows dd's "No space left on device" when the 2 GB disk is full, the tab's
 * memory grows by far less than what was written, and the machine goes on (the file is removed, Docker answers).
 * A browser profile on disk, as a visitor has (a context without one keeps origin-private storage in memory).
 * Run: npm run test:e2e:disk-full   (production build; writes e2e/artifacts/disk-full-results.json)
 */
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { chromiumMemory, openProfilePage } from "./browser";
import { terminalText, typeLine, waitFor, waitForTerminal, ART, MIN, PROMPT, e2ePreamble } from "./page-helpers";
import { startServer } from "./server";

const log = e2ePreamble("disk-full");
const DD = "dd if=/dev/urandom of=/root/big bs=1M count=2000";

const server = await startServer("preview");
const { page, errors, close } = await openProfilePage("disk-full-e2e");
const results: Record<string, unknown> = {};

try {
  await page.goto(`${server.url}?warmup=0`);
  await waitFor("the boot overlay to go", async () => (await page.locator(".boot-overlay").count()) === 0, 5 * MIN);
  await waitForTerminal(page, PROMPT, MIN);
  const before = chromiumMemory();
  log("at the prompt:", before);

  // the seed-sized mistake, typed as a learner would
  const t0 = Date.now();
  await typeLine(page, `clear; ${DD}`);
  const out = await waitForTerminal(page, /No space left on device[\s\S]*copied[^\n]*\n[^\n]*# *$/, 40 * MIN);
  const after = chromiumMemory();
  const copied = /(\d+) bytes \(.*\) copied/.exec(out);
  assert.ok(copied, `dd reported what it wrote:\n${out}`);
  const writtenMb = Math.round(Number(copied[1]) / 1e6);
  results.dd = { ms: Date.now() - t0, writtenMb, pssBeforeMb: before.totalPssMb, pssAfterMb: after.totalPssMb, rendererAfterMb: after.rendererPssMb };
  log("dd:", results.dd);
  await page.screenshot({ path: `${ART}disk-full-01-no-space.png` });
  assert.match(out, /dd: error writing '\/root\/big': No space left on device/);
  assert.ok(writtenMb > 1000, `the disk took more than 1 GB before it was full (${writtenMb} MB)`);
  // what was written is not in the tab: it grew by less than half of it (the guest's page cache, at most its RAM, is)
  assert.ok(after.totalPssMb - before.totalPssMb < writtenMb / 2, `the tab grew by ${after.totalPssMb - before.totalPssMb} MB while dd wrote ${writtenMb} MB`);

  // the machine goes on: the file goes, the space comes back, Docker answers
  await typeLine(page, "clear; rm /root/big && df -m / | awk 'NR==2{print \"FREE-MB\", $4}' && docker ps --format '{{.Names}}' && echo AFTER-$((6*7))");
  const freed = await waitForTerminal(page, /\nAFTER-42\s*\n/, 5 * MIN);
  const freeMb = Number(/FREE-MB (\d+)/.exec(freed)?.[1]);
  results.afterRm = { freeMb };
  assert.ok(freeMb > 1000, `more than 1 GB free again (${freeMb} MB)`);
  assert.deepEqual(errors, [], "no uncaught page errors");
  writeFileSync(`${ART}disk-full-results.json`, JSON.stringify(results, null, 2) + "\n");
  log("PASS", JSON.stringify(results, null, 2));
} catch (e) {
  await page.screenshot({ path: `${ART}disk-full-failure.png` }).catch(() => {});
  log("terminal at failure:\n" + (await terminalText(page).catch(() => "")));
  log("results so far", JSON.stringify(results, null, 2));
  throw e;
} finally {
  await close();
  await server.close();
}
process.exit(0);
