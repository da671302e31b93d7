/**
 * The Preview tab as a browser tab, against the real VM (public/vm): an nginx container serving a site the test
 * writes through the terminal (stylesheet, picture, links, a form), the seed's Portainer command (its table filled
 * by its own fetch through the mounted docker.sock), a closed port (connection refused), and a hostile page that
 * tries to reach the page, its storage, the service worker's caches, the top window and the internet.
 * Run: npx tsx e2e/preview.e2e.ts   (E2E_MODE=preview: the production build, as npm test runs it)
 */
import assert from "node:assert/strict";
import { launchChromium } from "./browser";
import { ART, MIN, PROMPT, e2ePreamble, terminalText, typeLine, waitFor, waitForTerminal } from "./page-helpers";
import { startServer } from "./server";

const log = e2ePreamble("preview");

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

const server = await startServer((process.env.E2E_MODE as "dev" | "preview") ?? "dev");
const browser = await launchChromium();
const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
const page = await context.newPage();
const errors: string[] = [];
page.on("pageerror", (e) => errors.push(e.message));
/** Every request the page or its frames make that is not to the page's own server: there must be none. */
const egress: string[] = [];
page.on("request", (r) => {
  const url = r.url();
  if (!url.startsWith(server.url) && !/^(blob|data):/.test(url)) egress.push(url);
});
const results: Record<string, unknown> = {};
const frame = page.frameLocator("[data-testid=preview-frame]");

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

async function go(url: string): Promise<void> {
  await page.fill("[data-testid=preview-address]", url);
  await page.press("[data-testid=preview-address]", "Enter");
}

/** Waits until the preview shows a page, clicking Reload while the port refuses (its server is still starting). */
async function waitShown(what: string, check: () => Promise<boolean>, timeoutMs = 2 * MIN): Promise<void> {
  let reloads = 0;
  await waitFor(
    what,
    async () => {
      if (await page.locator("[data-testid=preview-error]").isVisible()) {
        reloads++;
        await page.click("[data-testid=preview-reload]");
        await page.waitForTimeout(2000);
        return false;
      }
      return check();
    },
    timeoutMs,
    500,
  );
  if (reloads) log(`${what}: reloaded ${reloads} time(s) while the port refused`);
}

try {
  const t0 = Date.now();
  await page.goto(server.url);
  await waitFor("the boot overlay to go", async () => (await page.locator(".boot-overlay").count()) === 0, 5 * MIN);
  await waitForTerminal(page, PROMPT, MIN);
  log("prompt after", Date.now() - t0, "ms");

  // 1. An nginx site from a folder written through the terminal.
  await run("mkdir -p /root/site/css /root/site/img");
  for (const [name, text] of Object.entries(SITE)) {
    assert.ok(!text.includes("'"), `${name} must not contain a single quote`);
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
  await waitShown(
    "the nginx page",
    async () =>
      (await frame
        .locator("#t")
        .innerText({ timeout: 1000 })
        .catch(() => "")) === "Hello from nginx",
  );
  assert.equal(await address(), "http://172.21.51.143:8080/");
  assert.match(await status(), /200/);
  // its stylesheet and its picture came through the guest channel
  await waitFor("the stylesheet", async () => (await frame.locator("#t").evaluate((e) => getComputedStyle(e).color)) === "rgb(200, 30, 40)", 30_000);
  await waitFor("the picture", async () => (await frame.locator("#pic").evaluate((e) => (e as HTMLImageElement).naturalWidth)) === 10, 30_000);
  assert.doesNotMatch((await page.locator("[data-testid=preview-frame]").getAttribute("sandbox")) ?? "allow-same-origin", /allow-same-origin/);
  await shot("01-nginx");

  // links, back and forward, a GET form: the address bar follows
  await frame.locator("#about").click();
  await waitFor(
    "about.html",
    async () =>
      (await address()) === "http://172.21.51.143:8080/about.html" &&
      (await frame
        .locator("#t")
        .innerText({ timeout: 1000 })
        .catch(() => "")) === "About",
    MIN,
  );
  await page.click("[data-testid=preview-back]");
  await waitFor(
    "back to the start page",
    async () =>
      (await address()) === "http://172.21.51.143:8080/" &&
      (await frame
        .locator("#t")
        .innerText({ timeout: 1000 })
        .catch(() => "")) === "Hello from nginx",
    MIN,
  );
  await page.click("[data-testid=preview-forward]");
  await waitFor(
    "forward to about.html",
    async () =>
      (await frame
        .locator("#t")
        .innerText({ timeout: 1000 })
        .catch(() => "")) === "About",
    MIN,
  );
  await frame.locator("#go").click();
  await waitFor("the form's GET", async () => (await address()) === "http://172.21.51.143:8080/index.html?q=docker", MIN);
  await waitFor(
    "its page",
    async () =>
      (await frame
        .locator("#t")
        .innerText({ timeout: 1000 })
        .catch(() => "")) === "Hello from nginx",
    MIN,
  );

  // 2. The hostile page gets nothing and changes nothing.
  const appStorage = await page.evaluate(() => JSON.stringify(Object.entries(localStorage).sort()));
  const appCaches = await page.evaluate(async () => (typeof caches === "undefined" ? [] : await caches.keys()));
  const appTitle = await page.title();
  await go("172.21.51.143:8080/probe.html");
  const probeText = await waitFor(
    "the probe's results",
    async () => {
      const text = await frame
        .locator("#r")
        .innerText({ timeout: 1000 })
        .catch(() => "");
      return text.startsWith("{") ? text : null;
    },
    3 * MIN,
  );
  const probe = JSON.parse(probeText) as Record<string, string | number>;
  log("probe:", probe);
  for (const key of ["parentDocument", "localStorage", "caches", "topLocation", "internet"])
    assert.match(String(probe[key]), /^blocked /, `${key}: ${probe[key]}`);
  assert.equal(probe.bigBytes, BIG_BYTES);
  assert.equal(probe.post, 405, "nginx answers a POST to a static file with 405: the POST reached it");
  assert.equal(probe.xhr, "200 h1 { color: rgb(200, 30, 40); }");
  results.fetch1MiBMs = probe.bigMs;
  results.fetchKiBPerS = Math.round(BIG_BYTES / 1024 / (Number(probe.bigMs) / 1000));
  await page.waitForTimeout(1000);
  assert.equal(page.url(), server.url, "the page's own URL is unchanged");
  assert.equal(await page.title(), appTitle);
  assert.equal(await page.evaluate(() => JSON.stringify(Object.entries(localStorage).sort())), appStorage, "the page's storage is unchanged");
  assert.deepEqual(await page.evaluate(async () => (typeof caches === "undefined" ? [] : await caches.keys())), appCaches);
  assert.equal(await page.locator("#r").count(), 0, "guest HTML is never in the page's DOM");
  await shot("02-probe");
  // its navigation by script (location.href = …) is stopped by the page's frame-src, and the panel says so
  await waitFor(
    "the blocked-navigation note",
    async () =>
      /脚本跳转/.test(
        await page
          .locator("[data-testid=preview-notes]")
          .innerText({ timeout: 1000 })
          .catch(() => ""),
      ),
    MIN,
  );
  assert.equal(await address(), "http://172.21.51.143:8080/probe.html");
  await shot("02b-script-navigation");

  // every one of those requests reached nginx in the VM
  await run(
    `( for r in 'GET /img/dot.png' 'GET /css/site.css' 'GET /big.bin' 'POST /index.html'; do docker logs site 2>&1 | grep -qF "$r HTTP/1.1" || exit 1; done )`,
  );

  // 3. A port with nothing listening: the browser's message.
  await go("172.21.51.143:9");
  await page.waitForSelector("[data-testid=preview-error]", { timeout: MIN });
  const refused = await page.locator("[data-testid=preview-error]").innerText();
  assert.match(refused, /ERR_CONNECTION_REFUSED/);
  assert.match(refused, /无法访问此网站/);
  await shot("03-refused");

  // 4. The seed's Portainer command: its page reads the engine through the mounted socket, with its own fetch.
  const t2 = Date.now();
  await run("docker run --name portainer -d -p 9001:9000 -v /var/run/docker.sock:/var/run/docker.sock portainer/portainer >/dev/null", 15 * MIN);
  results.portainerPullAndRunMs = Date.now() - t2;
  await page.click("[data-testid=preview-tab-9001]");
  const t3 = Date.now();
  const table = () =>
    frame
      .locator("#containers")
      .innerText({ timeout: 1000 })
      .catch(() => "");
  await waitShown(
    "Portainer's containers table",
    async () => {
      const text = await table();
      return /portainer[\s\S]*running/.test(text) && /site[\s\S]*running/.test(text);
    },
    3 * MIN,
  );
  results.portainerTableMs = Date.now() - t3;
  assert.equal(await address(), "http://172.21.51.143:9001/");
  assert.equal(await frame.locator("header").evaluate((e) => getComputedStyle(e).backgroundColor), "rgb(19, 190, 249)", "its style.css is applied");
  assert.match(await frame.locator("#images").innerText(), /portainer\/portainer:latest/);
  assert.match(await frame.locator("#engine").innerText(), /Docker version\s+28\./);
  await shot("04-portainer");
  log("Portainer table after", results.portainerTableMs, "ms");

  assert.deepEqual(egress, [], "no request left the page for anywhere but its own server");
  assert.deepEqual(errors, [], "no uncaught page errors");
  log("PASS", JSON.stringify(results, null, 2));
} catch (e) {
  await shot("failure").catch(() => {});
  log("terminal at failure:\n" + (await terminalText(page).catch(() => "")));
  log("results so far", JSON.stringify(results, null, 2));
  if (errors.length) log("page errors:", errors);
  if (egress.length) log("egress:", egress);
  throw e;
} finally {
  await browser.close();
  await server.close();
}
