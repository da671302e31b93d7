/**
 * End to end against the real VM (public/vm, `npm run build:vm`): boot to a prompt, docker ps,
 * build a tiny image by typing, run it with -p 8080:80, see it in the engine view and the preview,
 * edit daemon.json in the editor, save, reset, reload and resume.
 * Run: npm run test:e2e   (E2E_MODE=preview to test the production build)
 */
import assert from "node:assert/strict";
import type { Page, Request } from "playwright-core";
import { launchChromium } from "./browser";
import { setEditorText, editorText, terminalText, typeLine, waitFor, waitForTerminal, ART, MIN, PROMPT, e2ePreamble } from "./page-helpers";
import { startServer } from "./server";

const log = e2ePreamble("e2e");

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
  await waitFor("the boot overlay to go", async () => (await page.locator(".boot-overlay").count()) === 0, timeoutMs);
}

/** After a click that restores the machine: the overlay comes (briefly) and goes. */
async function waitRestoreCycle(page: Page): Promise<void> {
  await waitFor("the restore to start", async () => (await page.locator(".boot-overlay").count()) > 0, 20_000, 50).catch(() => null);
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

const server = await startServer((process.env.E2E_MODE as "dev" | "preview") ?? "dev");
const browser = await launchChromium();
const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: server.url });
const page = await context.newPage();
const errors: string[] = [];
page.on("pageerror", (e) => errors.push(e.message));
page.on("dialog", (d) => void d.accept());
const results: Record<string, unknown> = {};

try {
  // 0. A load failure is a message with Retry, not a blank page (own context: its own cache, its own VM;
  //    no service worker, whose own fetches page.route would not see).
  {
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 720 }, serviceWorkers: "block" });
    const p = await ctx.newPage();
    await p.route("**/vm/manifest.json", (route) => route.fulfill({ status: 404, body: "not found" }));
    await p.goto(server.url);
    await p.waitForSelector("[data-testid=boot-error]", { timeout: 30_000 });
    assert.match(await p.locator("[data-testid=boot-error]").innerText(), /manifest missing \(404\)/);
    await shot(p, "00-load-error");
    await p.unroute("**/vm/manifest.json");
    await p.click("[data-testid=boot-error] button.primary");
    await p.waitForSelector("[data-testid=boot-progress]", { timeout: 30_000 });
    await ctx.close();
  }

  // 1. Page open → interactive prompt.
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

  // 2. docker ps typed at the prompt.
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

  // The lesson: two read-only steps, then a step whose Run button types `docker images` and whose check passes.
  await page.click("[data-testid=next-step]");
  await page.click("[data-testid=next-step]");
  await page.waitForSelector("article[data-step=list-images]");
  await page.click("article[data-step=list-images] .run-button");
  await waitForTerminal(page, /REPOSITORY\s+TAG\s+IMAGE ID/, 2 * MIN);
  await waitFor("the list-images check to pass", async () => /✔ 完成！/.test(await page.locator("[data-testid=check-box]").innerText()), MIN);
  await shot(page, "01b-lesson-check-passed");

  // 3. A tiny image from the VM's busybox (no image catalog yet), typed into the terminal.
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

  // 4. docker run -d -p 8080:80
  const t2 = Date.now();
  await typeLine(page, "docker run -d -p 8080:80 --name web sandbox/busybox httpd -f -p 80 -h /www && echo RUN-$((1+1))");
  await waitForTerminal(page, /\nRUN-2\s*\n/, 3 * MIN);
  results.dockerRunMs = Date.now() - t2;
  log("docker run took", results.dockerRunMs, "ms");

  // 5. The engine view follows the engine's events.
  await tab(page, "engine");
  const t3 = Date.now();
  await waitFor(
    "web in the containers table",
    async () => /web[\s\S]*sandbox\/busybox[\s\S]*8080->80\/tcp/.test(await page.locator("[data-testid=containers]").innerText()),
    MIN,
  );
  results.engineViewLagMs = Date.now() - t3;
  assert.match(await page.locator("[data-testid=images]").innerText(), /sandbox\/busybox:latest/);
  await setTheme(page, "light");
  await shot(page, "02-engine-light");

  // 6. Preview of port 8080, fetched inside the guest, in a sandboxed iframe (opaque origin; e2e/preview.e2e.ts tests it in depth).
  await tab(page, "preview");
  await waitFor("HTTP 200", async () => (await page.locator("[data-testid=preview-status]").innerText()).includes("200"), MIN);
  const frame = page.frameLocator("[data-testid=preview-frame]");
  assert.equal((await frame.locator("h1").innerText()).trim(), "hello from busybox httpd");
  assert.doesNotMatch((await page.locator("[data-testid=preview-frame]").getAttribute("sandbox")) ?? "allow-same-origin", /allow-same-origin/);
  assert.equal(await page.locator("h1", { hasText: "hello from busybox httpd" }).count(), 0, "guest HTML must not be in the main document");
  await page.click("[data-testid=preview-reload]");
  await waitFor("reloaded", async () => (await page.locator("[data-testid=preview-status]").innerText()).includes("200"), MIN);
  await shot(page, "03-preview-light");

  // 7. Edit daemon.json in the editor: invalid JSON blocks saving; valid JSON is saved into the VM.
  await tab(page, "editor");
  await page.selectOption("[data-testid=editor-pick]", "/etc/docker/daemon.json");
  await waitFor("daemon.json in Monaco", async () => (await editorText(page)).includes("registry-mirrors"), MIN);
  const original = await editorText(page);
  await setEditorText(page, '{ "insecure-registries": [ broken');
  await page.waitForSelector("[data-testid=json-error]", { timeout: 10_000 });
  assert.equal(await page.locator("[data-testid=editor-save]").isDisabled(), true, "save is blocked while daemon.json is invalid");
  await shot(page, "04-editor-json-error");
  const mirrors = /"registry-mirrors":\s*\[[^\]]*\]/.exec(original.replace(/\s+/g, " "))?.[0] ?? '"registry-mirrors": []';
  await setEditorText(page, `{\n  ${mirrors},\n  "insecure-registries": ["172.21.51.143:5000"]\n}\n`);
  await waitFor("valid JSON", async () => (await page.locator("[data-testid=json-error]").count()) === 0, 10_000);
  await page.click("[data-testid=editor-save]");
  await waitFor("saved badge", async () => /已保存|Saved/.test(await page.locator("[data-testid=editor-status]").innerText()), MIN);
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

  // 8. Save the machine into IndexedDB.
  const t4 = Date.now();
  await page.click("[data-testid=save]");
  const saveInfo = await waitFor(
    "saved size",
    async () => {
      const t = await page
        .locator("[data-testid=save-info]")
        .innerText()
        .catch(() => "");
      return /已保存 [\d.]+ MB/.test(t) && !(await page.locator("[data-testid=save]").isDisabled()) ? t : null;
    },
    3 * MIN,
  );
  results.saveMs = Date.now() - t4;
  results.savedInfo = saveInfo;
  log("saved:", saveInfo, "in", results.saveMs, "ms");

  // 9. Reset: back to the shipped snapshot (web is gone).
  const t5 = Date.now();
  await page.click("[data-testid=reset]");
  await waitRestoreCycle(page);
  await waitForTerminal(page, /restored the initial snapshot[\s\S]*root@docker-host/, MIN);
  results.resetMs = Date.now() - t5;
  await tab(page, "engine");
  await waitFor("no web container after reset", async () => !/\bweb\b/.test(await page.locator("[data-testid=containers]").innerText()), MIN);
  await typeLine(page, "docker images --format '{{.Repository}}' | grep -c busybox || echo NO-$((2*3))");
  await waitForTerminal(page, /\nNO-6\s*\n/, 2 * MIN);
  await shot(page, "09-after-reset");

  // 9b. Rewind: the point captured when the current step was entered comes back (a file made since is gone).
  await page.click(".step-counter");
  await waitFor(
    "a rewind point",
    async () =>
      /: [1-9]/.test(
        await page
          .locator("[data-testid=rewind-points]")
          .innerText()
          .catch(() => ""),
      ),
    2 * MIN,
  );
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

  // 10. Reload: the saved state of this build is offered; resume it.
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
  await waitFor("web is back after resume", async () => /web[\s\S]*8080->80\/tcp/.test(await page.locator("[data-testid=containers]").innerText()), MIN);
  const resumed = await terminalText(page);
  assert.match(resumed, /insecure-registries/, "the terminal's text comes back with the state");
  await typeLine(page, "clear; docker ps --format '{{.Names}} {{.Status}}'");
  await waitForTerminal(page, /(^|\n)web Up/, 2 * MIN);
  await tab(page, "preview");
  await waitFor("preview after resume", async () => (await page.locator("[data-testid=preview-status]").innerText()).includes("200"), MIN);
  assert.equal((await page.frameLocator("[data-testid=preview-frame]").locator("h1").innerText()).trim(), "hello from busybox httpd");
  await shot(page, "11-resumed");

  // 11. Start over: saved state and lesson progress are cleared.
  await page.click("[data-testid=start-over]");
  await waitRestoreCycle(page);
  await waitForTerminal(page, /restored the initial snapshot[^\n]*\n[^\n]*# *$/, MIN);
  await waitFor("saved state gone", async () => (await page.locator("[data-testid=save-info]").count()) === 0, MIN);
  assert.match(await page.locator(".step-counter").innerText(), /第 1 \//, "lesson progress starts over");

  // 12. Liveness: stop the guest's agent; the page says the VM stopped answering and Reset brings it back.
  await typeLine(page, "pkill -STOP sandbox-agent");
  await page.waitForSelector("[data-testid=unresponsive]", { timeout: 2 * MIN });
  await shot(page, "12-unresponsive");
  await page.click("[data-testid=unresponsive] button");
  await waitRestoreCycle(page);
  await waitFor("banner gone", async () => (await page.locator("[data-testid=unresponsive]").count()) === 0, MIN);
  await waitForTerminal(page, PROMPT, MIN);

  assert.deepEqual(errors, [], "no uncaught page errors");
  log("PASS", JSON.stringify(results, null, 2));
} catch (e) {
  await shot(page, "failure").catch(() => {});
  log("terminal at failure:\n" + (await terminalText(page).catch(() => "")));
  log("results so far", JSON.stringify(results, null, 2));
  if (errors.length) log("page errors:", errors);
  throw e;
} finally {
  await browser.close();
  await server.close();
}
