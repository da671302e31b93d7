/**
 * The Preview tab as a browser tab, against the real VM (public/vm): an nginx container serving a site the test
 * writes through the terminal (stylesheet, picture, links, a form), the seed's Portainer command (its table filled
 * by its own fetch through the mounted docker.sock), a closed port (connection refused), and a hostile page that
 * tries to reach the page, its storage, the service worker's caches, the top window and the internet.
 * Run: npm run test:e2e:preview   (E2E_MODE=preview: the production build, and CHROMIUM_EXTRA_ARGS=--js-flags=--liftoff-only,
 * as npm test runs it). One page walks the parts in order (each part starts from what the previous one left).
 */
import { expect, test } from "@playwright/test";
import type { Browser, FrameLocator, Page } from "playwright-core";
import { launchChromium } from "./browser";
import { ART, MIN, PROMPT, typeLine, waitForTerminal } from "./page-helpers";
import { startServer, type RunningServer } from "./server";
import { attachOnFailure, needVm, suiteLog } from "./spec-helpers";

const log = suiteLog("preview");

const DOT_PNG = "iVBORw0KGgoAAAANSUhEUgAAAAoAAAAKCAYAAACNMs+9AAAAFklEQVR42mNk+M9Qz0AEYBxVSF+FAP5FDvcfRYWgAAAAAElFTkSuQmCC"; // 10×10
const BIG_BYTES = 1024 * 1024;

/** The nginx site, written into /root/site through the terminal (no single quotes: each line is typed in '…'). */
const SITE: Record<string, string> = {
  "index.html": `<!doctype html><html><head><title>site</title><link rel="stylesheet" href="css/site.css"></head>
<body><h1 id="t">Hello from nginx</h1><img id="pic" src="img/dot.png" alt="dot"><p><a id="about" href="about.html">About</a></p></body></html>`,
  "css/site.css": "h1 { color: rgb(200, 30, 40); }",
  "about.html": `<!doctype html><title>about</title><h1 id="t">About</h1>
<form id="search" action="index.html"><input name="q" value="docker"><button id="go">Search</button></form>`,
  // the hostile page: every line of its script tries something a previewed page must not be able to do
  "probe.html": `<!doctype html><title>probe</title><pre id="r">running</pre><script>
(async function () { var r = {};
try { r.parentDocument = String(parent.document.title); } catch (e) { r.parentDocument = "blocked " + e.name; }
try { r.localStorage = String(localStorage.length); } catch (e) { r.localStorage = "blocked " + e.name; }
try { r.caches = String(await caches.keys()); } catch (e) { r.caches = "blocked " + e.name; }
try { top.location = "http://example.com/"; r.topLocation = "no error"; } catch (e) { r.topLocation = "blocked " + e.name; }
try { r.internet = (await fetch("http://example.com/")).status; } catch (e) { r.internet = "blocked " + e.name; }
new Image().src = "https://example.com/pixel.png";
var t = performance.now(); var big = await (await fetch("big.bin")).arrayBuffer(); r.bigBytes = big.byteLength; r.bigMs = Math.round(performance.now() - t);
r.post = (await fetch("index.html", { method: "POST", body: "x=1" })).status;
var x = new XMLHttpRequest(); x.open("GET", "css/site.css");
x.onload = function () { r.xhr = x.status + " " + x.responseText.trim(); document.getElementById("r").textContent = JSON.stringify(r);
  setTimeout(function () { location.href = "http://172.21.51.143:8080/about.html"; }, 1000); }; x.send();
})();
</script>`,
};

test.describe.serial("preview e2e", () => {
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  let frame: FrameLocator;
  const errors: string[] = [];
  /** Every request the page or its frames make that is not to the page's own server: there must be none. */
  const egress: string[] = [];
  const results: Record<string, unknown> = {};
  attachOnFailure(() => ({ page, errors, results: { ...results, egress } }));

  test.beforeAll(async () => {
    test.setTimeout(5 * MIN);
    needVm();
    server = await startServer((process.env.E2E_MODE as "dev" | "preview") ?? "dev");
    browser = await launchChromium();
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    page = await context.newPage();
    page.on("pageerror", (e) => errors.push(e.message));
    page.on("request", (r) => {
      const url = r.url();
      if (!url.startsWith(server.url) && !/^(blob|data):/.test(url)) egress.push(url);
    });
    frame = page.frameLocator("[data-testid=preview-frame]");
  });

  test.afterAll(async () => {
    log("results", JSON.stringify(results, null, 2));
    await browser?.close();
    await server?.close();
  });

  async function shot(name: string): Promise<void> {
    await page.screenshot({ path: `${ART}preview-${name}.png` });
    log("screenshot", name);
  }

  /**
   * Enters a command and waits for its marker (so that a slow command's output is not mistaken for the prompt). The
   * command arrives as one input event (as when pasted), not keystroke by keystroke: the site's files are long.
   */
  async function run(command: string, timeoutMs = 3 * MIN): Promise<void> {
    const marker = `DONE-${Math.floor(Math.random() * 1e6)}`;
    const [a, b] = marker.split("-");
    await page.locator("[data-testid=terminal] .xterm-helper-textarea").focus();
    await page.keyboard.insertText(`${command} && echo ${a}-$((${b}+0))`);
    await page.keyboard.press("Enter");
    await waitForTerminal(page, new RegExp(`\\n${marker}\\s*\\n`), timeoutMs);
  }

  const address = () => page.locator("[data-testid=preview-address]").inputValue();
  const status = () =>
    page
      .locator("[data-testid=preview-status]")
      .innerText({ timeout: 1000 })
      .catch(() => "");
  /** The text of the previewed page's element `sel` ("" while there is none). */
  const frameText = (sel: string) =>
    frame
      .locator(sel)
      .innerText({ timeout: 1000 })
      .catch(() => "");

  async function go(url: string): Promise<void> {
    await page.fill("[data-testid=preview-address]", url);
    await page.press("[data-testid=preview-address]", "Enter");
  }

  /** Waits until the preview shows a page, clicking Reload while the port refuses (its server is still starting). */
  async function waitShown(what: string, check: () => Promise<boolean>, timeoutMs = 2 * MIN): Promise<void> {
    let reloads = 0;
    await expect(async () => {
      if (await page.locator("[data-testid=preview-error]").isVisible()) {
        reloads++;
        await page.click("[data-testid=preview-reload]");
        await page.waitForTimeout(2000);
        throw new Error(`${what}: the port refused (reloaded)`);
      }
      expect(await check(), what).toBe(true);
    }).toPass({ timeout: timeoutMs, intervals: [500] });
    if (reloads) log(`${what}: reloaded ${reloads} time(s) while the port refused`);
  }

  test("page open → prompt", async () => {
    test.setTimeout(7 * MIN);
    const t0 = Date.now();
    await page.goto(server.url);
    await expect(page.locator(".boot-overlay"), "the boot overlay to go").toHaveCount(0, { timeout: 5 * MIN });
    await waitForTerminal(page, PROMPT, MIN);
    log("prompt after", Date.now() - t0, "ms");
  });

  test("1. an nginx site from a folder written through the terminal, with its stylesheet and picture", async () => {
    test.setTimeout(30 * MIN);
    await run("mkdir -p /root/site/css /root/site/img");
    for (const [name, text] of Object.entries(SITE)) {
      expect(text.includes("'"), `${name} must not contain a single quote`).toBe(false);
      await run(
        `printf '%s\\n' ${text
          .split("\n")
          .map((l) => `'${l}'`)
          .join(" ")} > /root/site/${name}`,
      );
    }
    await run(`echo ${DOT_PNG} | base64 -d > /root/site/img/dot.png && head -c ${BIG_BYTES} /dev/zero > /root/site/big.bin`);
    // pulls come from the VM's built-in mirror: 0.5–2 min each on a quiet 2-core machine, much longer on a busy one
    const t1 = Date.now();
    await run("docker pull -q nginx:alpine >/dev/null", 15 * MIN);
    results.nginxPullMs = Date.now() - t1;
    const t1b = Date.now();
    await run("docker run -d --name site -p 8080:80 -v /root/site:/usr/share/nginx/html:ro nginx:alpine >/dev/null", 5 * MIN);
    results.nginxRunMs = Date.now() - t1b;
    await typeLine(page, "clear");

    await page.click("[data-testid=tab-preview]");
    await waitShown("the nginx page", async () => (await frameText("#t")) === "Hello from nginx");
    expect(await address()).toBe("http://172.21.51.143:8080/");
    expect(await status()).toMatch(/200/);
    // its stylesheet and its picture came through the guest channel
    await expect
      .poll(() => frame.locator("#t").evaluate((e) => getComputedStyle(e).color), { message: "the stylesheet", timeout: 30_000 })
      .toBe("rgb(200, 30, 40)");
    await expect.poll(() => frame.locator("#pic").evaluate((e) => (e as HTMLImageElement).naturalWidth), { message: "the picture", timeout: 30_000 }).toBe(10);
    expect((await page.locator("[data-testid=preview-frame]").getAttribute("sandbox")) ?? "allow-same-origin").not.toMatch(/allow-same-origin/);
    await shot("01-nginx");
  });

  test("1b. links, back and forward, a GET form: the address bar follows", async () => {
    test.setTimeout(6 * MIN);
    await frame.locator("#about").click();
    await expect(async () => {
      expect(await address()).toBe("http://172.21.51.143:8080/about.html");
      expect(await frameText("#t")).toBe("About");
    }, "about.html").toPass({ timeout: MIN, intervals: [250] });
    await page.click("[data-testid=preview-back]");
    await expect(async () => {
      expect(await address()).toBe("http://172.21.51.143:8080/");
      expect(await frameText("#t")).toBe("Hello from nginx");
    }, "back to the start page").toPass({ timeout: MIN, intervals: [250] });
    await page.click("[data-testid=preview-forward]");
    await expect.poll(() => frameText("#t"), { message: "forward to about.html", timeout: MIN, intervals: [250] }).toBe("About");
    await frame.locator("#go").click();
    await expect.poll(address, { message: "the form's GET", timeout: MIN, intervals: [250] }).toBe("http://172.21.51.143:8080/index.html?q=docker");
    await expect.poll(() => frameText("#t"), { message: "its page", timeout: MIN, intervals: [250] }).toBe("Hello from nginx");
  });

  test("2. the hostile page gets nothing and changes nothing", async () => {
    test.setTimeout(5 * MIN);
    const appStorage = await page.evaluate(() => JSON.stringify(Object.entries(localStorage).sort()));
    const appCaches = await page.evaluate(async () => (typeof caches === "undefined" ? [] : await caches.keys()));
    const appTitle = await page.title();
    await go("172.21.51.143:8080/probe.html");
    await expect.poll(async () => (await frameText("#r")).startsWith("{"), { message: "the probe's results", timeout: 3 * MIN, intervals: [250] }).toBe(true);
    const probe = JSON.parse(await frameText("#r")) as Record<string, string | number>;
    log("probe:", probe);
    for (const key of ["parentDocument", "localStorage", "caches", "topLocation", "internet"])
      expect(String(probe[key]), `${key}: ${probe[key]}`).toMatch(/^blocked /);
    expect(probe.bigBytes).toBe(BIG_BYTES);
    expect(probe.post, "nginx answers a POST to a static file with 405: the POST reached it").toBe(405);
    expect(probe.xhr).toBe("200 h1 { color: rgb(200, 30, 40); }");
    results.fetch1MiBMs = probe.bigMs;
    results.fetchKiBPerS = Math.round(BIG_BYTES / 1024 / (Number(probe.bigMs) / 1000));
    await page.waitForTimeout(1000);
    expect(page.url(), "the page's own URL is unchanged").toBe(server.url);
    expect(await page.title()).toBe(appTitle);
    expect(await page.evaluate(() => JSON.stringify(Object.entries(localStorage).sort())), "the page's storage is unchanged").toBe(appStorage);
    expect(await page.evaluate(async () => (typeof caches === "undefined" ? [] : await caches.keys()))).toEqual(appCaches);
    expect(await page.locator("#r").count(), "guest HTML is never in the page's DOM").toBe(0);
    await shot("02-probe");
  });

  test("2b. its navigation by script is stopped by the page's frame-src, the panel says so; every request reached nginx", async () => {
    test.setTimeout(5 * MIN);
    await expect(page.locator("[data-testid=preview-notes]"), "the blocked-navigation note").toContainText(/脚本跳转/, { useInnerText: true, timeout: MIN });
    expect(await address()).toBe("http://172.21.51.143:8080/probe.html");
    await shot("02b-script-navigation");
    // every one of those requests reached nginx in the VM
    await run(
      `( for r in 'GET /img/dot.png' 'GET /css/site.css' 'GET /big.bin' 'POST /index.html'; do docker logs site 2>&1 | grep -qF "$r HTTP/1.1" || exit 1; done )`,
    );
  });

  test("3. a port with nothing listening: the browser's message", async () => {
    test.setTimeout(2 * MIN);
    await go("172.21.51.143:9");
    await page.waitForSelector("[data-testid=preview-error]", { timeout: MIN });
    const refused = await page.locator("[data-testid=preview-error]").innerText();
    expect(refused).toMatch(/ERR_CONNECTION_REFUSED/);
    expect(refused).toMatch(/无法访问此网站/);
    await shot("03-refused");
  });

  test("4. the seed's Portainer command: its page reads the engine through the mounted socket, with its own fetch", async () => {
    test.setTimeout(20 * MIN);
    const t2 = Date.now();
    await run("docker run --name portainer -d -p 9001:9000 -v /var/run/docker.sock:/var/run/docker.sock portainer/portainer >/dev/null", 15 * MIN);
    results.portainerPullAndRunMs = Date.now() - t2;
    await page.click("[data-testid=preview-tab-9001]");
    const t3 = Date.now();
    await waitShown(
      "Portainer's containers table",
      async () => {
        const text = await frameText("#containers");
        return /portainer[\s\S]*running/.test(text) && /site[\s\S]*running/.test(text);
      },
      3 * MIN,
    );
    results.portainerTableMs = Date.now() - t3;
    expect(await address()).toBe("http://172.21.51.143:9001/");
    expect(await frame.locator("header").evaluate((e) => getComputedStyle(e).backgroundColor), "its style.css is applied").toBe("rgb(19, 190, 249)");
    expect(await frame.locator("#images").innerText()).toMatch(/portainer\/portainer:latest/);
    expect(await frame.locator("#engine").innerText()).toMatch(/Docker version\s+28\./);
    await shot("04-portainer");
    log("Portainer table after", results.portainerTableMs, "ms");
  });

  test("no request left the page for anywhere but its own server", () => {
    expect(egress, "no request left the page for anywhere but its own server").toEqual([]);
  });

  test("no uncaught page errors", () => {
    expect(errors, "no uncaught page errors").toEqual([]);
  });
});
