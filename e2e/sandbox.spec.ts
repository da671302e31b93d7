/**
 * End to end against the real VM (public/vm, `npm run build:vm`): boot to a prompt, docker ps,
 * build a tiny image by typing, run it with -p 8080:80, see it in the engine view and the preview,
 * edit daemon.json in the editor, save, reset, reload and resume.
 * Run: npm run test:e2e   (E2E_MODE=preview to test the production build: npm test does)
 * One page walks every part in order (each part starts from the machine the previous one left).
 */
import { expect, test } from "@playwright/test";
import type { Browser, BrowserContext, Page, Request } from "playwright-core";
import { launchChromium } from "./browser";
import { setEditorText, editorText, terminalText, typeLine, waitForTerminal, ART, MIN, PROMPT } from "./page-helpers";
import { startServer, type RunningServer } from "./server";
import { attachOnFailure, needVm, suiteLog } from "./spec-helpers";

const log = suiteLog("e2e");

/** Bytes over the wire (page and its workers), from Playwright's request sizes. */
function countBytes(page: Page) {
  const state = { bytes: 0, requests: 0, byFile: new Map<string, number>() };
  page.on("requestfinished", (r: Request) => {
    void r.sizes().then((s) => {
      const n = s.responseBodySize + s.responseHeadersSize;
      state.bytes += n;
      state.requests++;
      const name = new URL(r.url()).pathname.replace(/.*\/vm\/disk-[0-9a-f]+\/.*/, "vm/disk-*/*").replace(/^.*\/(vm\/[^/]+)$/, "$1");
      state.byFile.set(name, (state.byFile.get(name) ?? 0) + n);
    });
  });
  return state;
}

async function waitReady(page: Page, timeoutMs = 5 * MIN): Promise<void> {
  await expect(page.locator(".boot-overlay"), "the boot overlay to go").toHaveCount(0, { timeout: timeoutMs });
}

/** After a click that restores the machine: the overlay comes (briefly) and goes. */
async function waitRestoreCycle(page: Page): Promise<void> {
  await page
    .locator(".boot-overlay")
    .first()
    .waitFor({ state: "attached", timeout: 20_000 })
    .catch(() => null);
  await waitReady(page);
}

async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: `${ART}${name}.png` });
  log("screenshot", name);
}

async function tab(page: Page, id: "engine" | "editor" | "preview"): Promise<void> {
  await page.click(`[data-testid=tab-${id}]`);
}

async function setTheme(page: Page, theme: "light" | "dark"): Promise<void> {
  const current = await page.evaluate(() => document.documentElement.dataset.theme);
  if (current !== theme) await page.click("[data-testid=theme]");
}

/** The preview's status line shows HTTP 200. */
const preview200 = (page: Page, what: string) =>
  expect(page.locator("[data-testid=preview-status]"), what).toContainText("200", { useInnerText: true, timeout: MIN });

test.describe.serial("page e2e (sandbox)", () => {
  let server: RunningServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const errors: string[] = [];
  const results: Record<string, unknown> = {};
  attachOnFailure(() => ({ page, errors, results }));

  test.beforeAll(async () => {
    test.setTimeout(5 * MIN);
    needVm();
    server = await startServer((process.env.E2E_MODE as "dev" | "preview") ?? "dev");
    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
    await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: server.url });
    page = await context.newPage();
    page.on("pageerror", (e) => errors.push(e.message));
    page.on("dialog", (d) => void d.accept());
  });

  test.afterAll(async () => {
    log("results", JSON.stringify(results, null, 2));
    await browser?.close();
    await server?.close();
  });

  test("0. a load failure is a message with Retry, not a blank page", async () => {
    // own context: its own cache, its own VM; no service worker, whose own fetches page.route would not see
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 720 }, serviceWorkers: "block" });
    try {
      const p = await ctx.newPage();
      await p.route("**/vm/manifest.json", (route) => route.fulfill({ status: 404, body: "not found" }));
      await p.goto(server.url);
      await p.waitForSelector("[data-testid=boot-error]", { timeout: 30_000 });
      expect(await p.locator("[data-testid=boot-error]").innerText()).toMatch(/manifest missing \(404\)/);
      await shot(p, "00-load-error");
      await p.unroute("**/vm/manifest.json");
      await p.click("[data-testid=boot-error] button.primary");
      await p.waitForSelector("[data-testid=boot-progress]", { timeout: 30_000 });
    } finally {
      await ctx.close();
    }
  });

  test("1. page open → interactive prompt", async () => {
    test.setTimeout(7 * MIN);
    const net = countBytes(page);
    const t0 = Date.now();
    await page.goto(server.url);
    await page.waitForSelector("[data-testid=boot-progress]", { timeout: 30_000 });
    await shot(page, "01-boot-progress");
    await waitReady(page);
    await waitForTerminal(page, PROMPT, MIN);
    results.openToPromptMs = Date.now() - t0;
    results.bytesBeforePrompt = net.bytes;
    results.requestsBeforePrompt = net.requests;
    results.bytesByFile = Object.fromEntries([...net.byFile].map(([k, v]) => [k, `${(v / 1e6).toFixed(2)} MB`]));
    log("prompt after", results.openToPromptMs, "ms,", (net.bytes / 1e6).toFixed(1), "MB in", net.requests, "requests");
  });

  test("2. docker ps, stty size, Chinese output and Ctrl+C typed at the prompt", async () => {
    test.setTimeout(6 * MIN);
    await typeLine(page, "docker ps");
    await waitForTerminal(page, /CONTAINER ID\s+IMAGE\s+COMMAND[\s\S]*# *$/, 2 * MIN);
    await typeLine(page, "stty size");
    const size = await waitForTerminal(page, /\n\d+ \d+\s*\n[^\n]*# *$/, MIN);
    log("guest tty size:", /\n(\d+ \d+)\s*\n[^\n]*# *$/.exec(size)?.[1]);
    await typeLine(page, "echo 你好，容器");
    await waitForTerminal(page, /\n你好，容器\s*\n/, MIN);
    await typeLine(page, "sleep 100");
    await page.waitForTimeout(1500);
    await page.keyboard.press("Control+C");
    await waitForTerminal(page, /sleep 100\s*\n\^C\s*\n[^\n]*# *$/, MIN);
  });

  test("2b. the lesson: two read-only steps, then Run types `docker images` and the step's check passes", async () => {
    test.setTimeout(4 * MIN);
    await page.click("[data-testid=next-step]");
    await page.click("[data-testid=next-step]");
    await page.waitForSelector("article[data-step=list-images]");
    await page.click("article[data-step=list-images] .run-button");
    await waitForTerminal(page, /REPOSITORY\s+TAG\s+IMAGE ID/, 2 * MIN);
    await expect(page.locator("[data-testid=check-box]"), "the list-images check to pass").toContainText(/✔ 完成！/, { useInnerText: true, timeout: MIN });
    await shot(page, "01b-lesson-check-passed");
  });

  test("3. a tiny image from the VM's busybox, typed into the terminal (docker import)", async () => {
    test.setTimeout(4 * MIN);
    const t1 = Date.now();
    await typeLine(
      page,
      `d=$(mktemp -d); mkdir -p $d/bin $d/www $d/tmp $d/etc; cp /bin/busybox $d/bin/busybox; for a in sh echo cat ls httpd sleep; do ln -s busybox $d/bin/$a; done; ` +
        `echo '<h1>hello from busybox httpd</h1>' > $d/www/index.html; echo 'root:x:0:0:root:/root:/bin/sh' > $d/etc/passwd; ` +
        `tar -C $d -c . | docker import -c 'CMD ["sh"]' - sandbox/busybox:latest >/dev/null && echo IMPORT-$((40+2)); rm -rf $d`,
    );
    await waitForTerminal(page, /\nIMPORT-42\s*\n/, 3 * MIN);
    results.importMs = Date.now() - t1;
    await typeLine(page, "clear");
  });

  test("4. docker run -d -p 8080:80", async () => {
    test.setTimeout(4 * MIN);
    const t2 = Date.now();
    await typeLine(page, "docker run -d -p 8080:80 --name web sandbox/busybox httpd -f -p 80 -h /www && echo RUN-$((1+1))");
    await waitForTerminal(page, /\nRUN-2\s*\n/, 3 * MIN);
    results.dockerRunMs = Date.now() - t2;
    log("docker run took", results.dockerRunMs, "ms");
  });

  test("5. the engine view follows the engine's events", async () => {
    test.setTimeout(3 * MIN);
    await tab(page, "engine");
    const t3 = Date.now();
    await expect(page.locator("[data-testid=containers]"), "web in the containers table").toContainText(/web[\s\S]*sandbox\/busybox[\s\S]*8080->80\/tcp/, {
      useInnerText: true,
      timeout: MIN,
    });
    results.engineViewLagMs = Date.now() - t3;
    expect(await page.locator("[data-testid=images]").innerText()).toMatch(/sandbox\/busybox:latest/);
    await setTheme(page, "light");
    await shot(page, "02-engine-light");
  });

  test("6. the preview of port 8080, fetched inside the guest, in a sandboxed iframe", async () => {
    // opaque origin; e2e/preview.spec.ts tests it in depth
    test.setTimeout(4 * MIN);
    await tab(page, "preview");
    await preview200(page, "HTTP 200");
    const frame = page.frameLocator("[data-testid=preview-frame]");
    expect((await frame.locator("h1").innerText()).trim()).toBe("hello from busybox httpd");
    expect((await page.locator("[data-testid=preview-frame]").getAttribute("sandbox")) ?? "allow-same-origin").not.toMatch(/allow-same-origin/);
    expect(await page.locator("h1", { hasText: "hello from busybox httpd" }).count(), "guest HTML must not be in the main document").toBe(0);
    await page.click("[data-testid=preview-reload]");
    await preview200(page, "reloaded");
    await shot(page, "03-preview-light");
  });

  test("7. daemon.json in the editor: invalid JSON blocks saving; valid JSON is saved into the VM", async () => {
    test.setTimeout(5 * MIN);
    await tab(page, "editor");
    await page.selectOption("[data-testid=editor-pick]", "/etc/docker/daemon.json");
    await expect.poll(() => editorText(page), { message: "daemon.json in Monaco", timeout: MIN }).toContain("registry-mirrors");
    const original = await editorText(page);
    await setEditorText(page, '{ "insecure-registries": [ broken');
    await page.waitForSelector("[data-testid=json-error]", { timeout: 10_000 });
    expect(await page.locator("[data-testid=editor-save]").isDisabled(), "save is blocked while daemon.json is invalid").toBe(true);
    await shot(page, "04-editor-json-error");
    const mirrors = /"registry-mirrors":\s*\[[^\]]*\]/.exec(original.replace(/\s+/g, " "))?.[0] ?? '"registry-mirrors": []';
    await setEditorText(page, `{\n  ${mirrors},\n  "insecure-registries": ["172.21.51.143:5000"]\n}\n`);
    await expect(page.locator("[data-testid=json-error]"), "valid JSON").toHaveCount(0, { timeout: 10_000 });
    await page.click("[data-testid=editor-save]");
    await expect(page.locator("[data-testid=editor-status]"), "saved badge").toContainText(/已保存|Saved/, { useInnerText: true, timeout: MIN });
    await typeLine(page, "clear; cat /etc/docker/daemon.json");
    await waitForTerminal(page, /"insecure-registries": \["172\.21\.51\.143:5000"\]/, MIN);
    await setTheme(page, "dark");
    await shot(page, "05-editor-dark");
    await tab(page, "engine");
    await shot(page, "06-engine-dark");
    await tab(page, "preview");
    await shot(page, "07-preview-dark");
    await page.click("[data-testid=lang]");
    await shot(page, "08-english-dark");
    await page.click("[data-testid=lang]");
    await setTheme(page, "light");
  });

  test("8. save the machine in the browser (a file written by the emulator's worker)", async () => {
    test.setTimeout(4 * MIN);
    const t4 = Date.now();
    await page.click("[data-testid=save]");
    // the saved size shown and the Save button usable again
    const info = page.locator("[data-testid=save-info]");
    await expect(async () => {
      expect(await info.innerText({ timeout: 1000 }).catch(() => "")).toMatch(/已保存 [\d.]+ MB/);
      expect(await page.locator("[data-testid=save]").isDisabled()).toBe(false);
    }, "saved size").toPass({ timeout: 3 * MIN, intervals: [250] });
    results.saveMs = Date.now() - t4;
    results.savedInfo = await info.innerText();
    log("saved:", results.savedInfo, "in", results.saveMs, "ms");
  });

  test("9. Reset: back to the shipped snapshot (web is gone)", async () => {
    test.setTimeout(10 * MIN);
    const t5 = Date.now();
    await page.click("[data-testid=reset]");
    await waitRestoreCycle(page);
    await waitForTerminal(page, /restored the initial snapshot[\s\S]*root@docker-host/, MIN);
    results.resetMs = Date.now() - t5;
    await tab(page, "engine");
    await expect(page.locator("[data-testid=containers]"), "no web container after reset").not.toContainText(/\bweb\b/, { useInnerText: true, timeout: MIN });
    await typeLine(page, "docker images --format '{{.Repository}}' | grep -c busybox || echo NO-$((2*3))");
    await waitForTerminal(page, /\nNO-6\s*\n/, 2 * MIN);
    await shot(page, "09-after-reset");
  });

  test("9b. rewind: the point captured when the current step was entered comes back (a file made since is gone)", async () => {
    test.setTimeout(12 * MIN);
    await page.click(".step-counter");
    await expect(page.locator("[data-testid=rewind-points]"), "a rewind point").toContainText(/: [1-9]/, { useInnerText: true, timeout: 2 * MIN });
    results.rewindPoints = await page.locator("[data-testid=rewind-points]").innerText();
    await typeLine(page, "clear; touch /root/rewind-marker; ls /root/rewind-marker && echo MARK-$((1+1))");
    await waitForTerminal(page, /\nMARK-2\s*\n/, MIN);
    const t5b = Date.now();
    await page.locator("[data-testid^=rewind-]:not([data-testid=rewind-points])").first().click();
    await waitRestoreCycle(page);
    results.rewindMs = Date.now() - t5b;
    await typeLine(page, "ls /root/rewind-marker 2>/dev/null || echo GONE-$((2+2))");
    await waitForTerminal(page, /\nGONE-4\s*\n/, 2 * MIN);
    await page.click(".step-counter");
    log("rewind:", results.rewindPoints, "in", results.rewindMs, "ms");
  });

  test("10. reload: the saved state of this build is offered; resume it", async () => {
    test.setTimeout(12 * MIN);
    const net2 = countBytes(page);
    const t6 = Date.now();
    await page.reload();
    await page.waitForSelector("[data-testid=boot-choose]", { timeout: MIN });
    await shot(page, "10-resume-offer");
    await page.click("[data-testid=boot-choose] button.primary");
    await waitReady(page);
    results.reloadResumeToReadyMs = Date.now() - t6;
    results.bytesOnResume = net2.bytes;
    await tab(page, "engine");
    await expect(page.locator("[data-testid=containers]"), "web is back after resume").toContainText(/web[\s\S]*8080->80\/tcp/, {
      useInnerText: true,
      timeout: MIN,
    });
    const resumed = await terminalText(page);
    expect(resumed, "the terminal's text comes back with the state").toMatch(/insecure-registries/);
    await typeLine(page, "clear; docker ps --format '{{.Names}} {{.Status}}'");
    await waitForTerminal(page, /(^|\n)web Up/, 2 * MIN);
    await tab(page, "preview");
    await preview200(page, "preview after resume");
    expect((await page.frameLocator("[data-testid=preview-frame]").locator("h1").innerText()).trim()).toBe("hello from busybox httpd");
    await shot(page, "11-resumed");
  });

  test("11. Start over: saved state and lesson progress are cleared", async () => {
    test.setTimeout(10 * MIN);
    await page.click("[data-testid=start-over]");
    await waitRestoreCycle(page);
    await waitForTerminal(page, /restored the initial snapshot[^\n]*\n[^\n]*# *$/, MIN);
    await expect(page.locator("[data-testid=save-info]"), "saved state gone").toHaveCount(0, { timeout: MIN });
    expect(await page.locator(".step-counter").innerText(), "lesson progress starts over").toMatch(/第 1 \//);
  });

  test("12. liveness: the guest's agent stopped, the page says so and Reset brings it back", async () => {
    test.setTimeout(12 * MIN);
    await typeLine(page, "pkill -STOP sandbox-agent");
    await page.waitForSelector("[data-testid=unresponsive]", { timeout: 2 * MIN });
    await shot(page, "12-unresponsive");
    await page.click("[data-testid=unresponsive] button");
    await waitRestoreCycle(page);
    await expect(page.locator("[data-testid=unresponsive]"), "banner gone").toHaveCount(0, { timeout: MIN });
    await waitForTerminal(page, PROMPT, MIN);
  });

  test("no uncaught page errors", () => {
    expect(errors, "no uncaught page errors").toEqual([]);
  });
});
