/**
 * The classroom kit (issue 19) in the real page, production build (service worker and fonts as shipped):
 *  1. fonts: the header, buttons, lesson text and the Chinese the guest prints in the terminal are drawn with the
 *     page's own fonts (Chromium's CDP says which font drew each glyph: it must be the page's Noto Sans SC web font,
 *     even where system CJK fonts exist), and the font bytes fetched before the first prompt;
 *  2. `?embed=1&lang=en` at 1024×640: the lesson and the terminal only, in English, nothing cut off;
 *  3. lessons from a URL, served by a second local server (another origin, CORS on): a lesson with an HTML/script
 *     payload renders inert; a lesson with an error is not used and its problems are listed with file and line;
 *     a 404, a host without CORS and a non-http address each get their message naming the URL;
 *  4. the second lesson (tutorials/networks-volumes) opened with `?lesson=` and walked: for every step the check is
 *     not passed before and passes after its solution is typed;
 *  5. the completion report: downloaded as JSON (steps, pass times, hints, Run used) and printed (print stylesheet).
 * Parts 1–3 need no VM (its manifest is refused) and are independent tests; 4–5 boot it once and run in order on one
 * page (a failed step skips the rest; CLASSROOM_VM=0 leaves them out while developing). Measurements go to
 * e2e/artifacts/classroom-facts.json. Run: npm run test:e2e:classroom
 */
import { readFileSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { expect, test } from "@playwright/test";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { parseLesson, type Lesson, type Step } from "../src/lesson";
import { readLessonFolder } from "../src/lesson/read-lesson-folder";
import { launchChromium } from "./browser";
import { ART, MIN, PROMPT, enterLine, joined, lastRow, terminalText, waitFor, waitForTerminal } from "./page-helpers";
import { freePort, startServer, type RunningServer } from "./server";
import { attachOnFailure, needVm, suiteLog } from "./spec-helpers";

const ROOT = new URL("..", import.meta.url).pathname;
const LESSON_DIR = `${ROOT}tutorials/networks-volumes/`;
const log = suiteLog("classroom");
/** What the run measured (bytes before the prompt, the error messages shown…), written to e2e/artifacts. */
const facts: Record<string, unknown> = {};
/** The second lesson's steps, for the tests' names (the run parses it again with its URL as its id). */
const STEPS = parseLesson(readLessonFolder(LESSON_DIR)).steps;

// ---- a teacher's static host on another origin ----

const PAYLOAD = {
  "index.md": [
    "---",
    "title: {zh: 载荷, en: Payload}",
    "description: {zh: 测试, en: test}",
    "order: [01-payload]",
    "---",
    "",
    "<script>window.__pwned = 'script'</script>",
    "",
    '<img src="x" onerror="window.__pwned = \'img\'">',
  ].join("\n"),
  "01-payload.md": [
    "---",
    "id: payload",
    "title: {zh: 载荷步骤, en: Payload step}",
    "hints: ['<b onmouseover=\"window.__pwned = 1\">bold</b>']",
    "---",
    "",
    "<!-- en -->",
    "<script>window.__pwned = 'step'</script>",
    "",
    "<iframe src=\"javascript:parent.__pwned = 'iframe'\"></iframe>",
    "",
    "[click me](javascript:window.__pwned='link') [next](02-next.md)",
    "",
    "![own](images/own.png) ![tracker](http://127.0.0.1:9/pixel.gif)",
  ].join("\n"),
};
const BROKEN = {
  "index.md": "---\ntitle: {zh: 坏的, en: Broken}\ndescription: {zh: 测试, en: test}\norder: [01-x]\n---\n",
  "01-x.md": "---\nid: x\ntitle: {zh: x, en: x}\nchek:\n  image: busybox\n---\ntext\n",
};

async function startLessonHost(): Promise<{ url: string; server: Server }> {
  const port = await freePort();
  const memory: Record<string, Record<string, string>> = { payload: PAYLOAD, broken: BROKEN };
  const server = createServer((req, res) => {
    const m = /^\/(cors|nocors)\/([^/]+)\/(.+)$/.exec(decodeURIComponent(new URL(req.url ?? "/", "http://x").pathname));
    let body: string | Buffer | undefined;
    if (m) {
      if (memory[m[2]!]) body = memory[m[2]!]![m[3]!];
      else if (m[2] === "networks-volumes" && /^[\w.-]+\.md$/.test(m[3]!))
        body = (() => {
          try {
            return readFileSync(LESSON_DIR + m[3]);
          } catch {
            return undefined;
          }
        })();
      else if (m[2] === "payload" && m[3] === "images/own.png") body = Buffer.from("89504e470d0a1a0a", "hex");
    }
    if (m?.[1] === "cors") res.setHeader("Access-Control-Allow-Origin", "*");
    if (body === undefined) {
      res.writeHead(404, { "Content-Type": "text/plain" }).end("not found");
      return;
    }
    res.writeHead(200, { "Content-Type": m![3]!.endsWith(".png") ? "image/png" : "text/markdown; charset=utf-8" }).end(body);
  });
  await new Promise<void>((r) => server.listen(port, "127.0.0.1", r));
  return { url: `http://127.0.0.1:${port}/`, server };
}

// ---- fonts: which font drew each glyph (Chromium DevTools protocol) ----

const CJK = /[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]/g;

/**
 * For the elements matching `selector`: how many CJK characters their own text has, and how many glyphs the page's
 * Noto Sans SC web font drew in them (CSS.getPlatformFontsForNode names the font of each run of text, and whether it
 * is a web font). Every CJK character drawn by our font means no box, whatever fonts the system has.
 */
async function ownFontGlyphs(page: Page, selector: string) {
  const cdp = await page.context().newCDPSession(page);
  try {
    await cdp.send("DOM.enable");
    await cdp.send("CSS.enable");
    const { root } = await cdp.send("DOM.getDocument", { depth: 0 });
    const { nodeIds } = await cdp.send("DOM.querySelectorAll", { nodeId: root.nodeId, selector });
    let cjk = 0;
    let own = 0;
    const families = new Set<string>();
    for (const nodeId of nodeIds) {
      const { node } = await cdp.send("DOM.describeNode", { nodeId, depth: 1 });
      const text = (node.children ?? [])
        .filter((c) => c.nodeType === 3)
        .map((c) => c.nodeValue)
        .join("");
      const n = text.match(CJK)?.length ?? 0;
      if (!n) continue;
      cjk += n;
      const { fonts } = await cdp.send("CSS.getPlatformFontsForNode", { nodeId });
      for (const f of fonts) {
        families.add(`${f.familyName}${f.isCustomFont ? " (web font)" : " (system)"}`);
        if (f.isCustomFont && /^Noto Sans SC/.test(f.familyName)) own += f.glyphCount;
      }
    }
    return { cjk, own, families: [...families] };
  } finally {
    await cdp.detach();
  }
}

async function assertOwnFonts(page: Page, selector: string): Promise<void> {
  const r = await ownFontGlyphs(page, selector);
  log(`  ${selector}: ${r.cjk} CJK characters, ${r.own} glyphs from the page's Noto Sans SC; fonts: ${r.families.join(", ")}`);
  expect(r.cjk, `${selector}: no Chinese text found`).toBeGreaterThan(0);
  expect(r.own, `${selector}: ${r.cjk} CJK characters but only ${r.own} glyphs from the page's own font (${r.families.join(", ")})`).toBeGreaterThanOrEqual(
    r.cjk,
  );
}

// ---- the terminal ----

/**
 * The longest one command may take: on a quiet 2-core machine a docker command here takes 2–20 s, but on a machine
 * shared with other test runs (load average 16) the first `docker ps` after a boot took 100 s and the first
 * `docker run` on the user-defined network (with the busybox pull) 342 s (Node harness) and more than 360 s (page).
 */
const COMMAND_MS = 10 * MIN;

/** Types a command like a learner and waits until a prompt is on the last row again. */
async function typeCommand(page: Page, line: string, timeoutMs = COMMAND_MS): Promise<void> {
  const { before, echoed } = await enterLine(page, line);
  await waitFor(
    `a prompt after \`${line}\``,
    async () => {
      const t = await terminalText(page);
      return t !== before && PROMPT.test(lastRow(t)) && !echoed(t);
    },
    timeoutMs,
    300,
  );
}

const checkStatus = (page: Page) =>
  page
    .locator("[data-testid=check-box]")
    .getAttribute("data-status", { timeout: 5000 })
    .catch(() => null);
const currentStepId = (page: Page) =>
  page
    .locator("article.step")
    .getAttribute("data-step", { timeout: 5000 })
    .catch(() => null);

/**
 * Polls `settled`, pressing "检查" as a learner would when it is enabled and 20 s passed since the last press (the
 * first press at once with `pressNow`).
 */
async function pressCheckUntil(page: Page, what: string, settled: () => Promise<boolean>, ms: number, pressNow: boolean): Promise<void> {
  let pressed = pressNow ? 0 : Date.now();
  const button = page.locator("[data-testid=check-now]");
  await expect(async () => {
    if (await settled()) return;
    if (Date.now() - pressed > 20_000 && (await button.isEnabled().catch(() => false))) {
      await button.click().catch(() => {});
      pressed = Date.now();
    }
    throw new Error(`not yet: ${what}`);
  }, what).toPass({ timeout: ms, intervals: [500] });
}

const checkPassesWithin = (page: Page, ms: number) =>
  pressCheckUntil(page, "the check to pass", async () => (await checkStatus(page)) === "passed", ms, false).then(
    () => true,
    () => false,
  );

/** One step both ways: its check is not passed before, and passes once its solution was typed (or Run). */
async function walkStep(page: Page, step: Step, how: { runButton?: boolean; hint?: boolean }): Promise<void> {
  await expect.poll(() => currentStepId(page), { message: `step ${step.id} on screen`, timeout: 30_000, intervals: [250] }).toBe(step.id);
  expect(await checkStatus(page), "passed before its commands").not.toBe("passed");
  // a check run shows what is unmet (pressed again every 20 s: a press while the step's setup still runs in the VM
  // is not a check of this step's state)
  const unmetShown = () => page.locator("[data-testid=check-box] .unmet li").count();
  await pressCheckUntil(page, "the check before the commands", async () => (await checkStatus(page)) === "passed" || (await unmetShown()) > 0, 3 * MIN, true);
  expect(await checkStatus(page), "the check passed before the step's commands").not.toBe("passed");
  expect(await unmetShown(), "no unmet condition shown before the commands").toBeGreaterThan(0);
  if (how.hint) await page.locator("[data-testid=check-box] .hints button").first().click();
  for (const [i, cmd] of step.solution.entries()) {
    if (how.runButton && i === 0) {
      const before = await terminalText(page);
      await page
        .locator(`article[data-step=${step.id}] .sh-cmd`)
        .filter({ has: page.locator(".sh-text", { hasText: cmd }) })
        .locator(".run-button")
        .first()
        .click();
      await waitFor(
        `a prompt after Run \`${cmd}\``,
        async () => {
          const t = await terminalText(page);
          return t !== before && joined(t).includes(cmd) && PROMPT.test(lastRow(t)) ? t : null;
        },
        COMMAND_MS,
      );
    } else await typeCommand(page, cmd);
  }
  if (!(await checkPassesWithin(page, 5 * MIN))) {
    const unmet = await page
      .locator("[data-testid=check-box]")
      .innerText()
      .catch(() => "");
    throw new Error(`the check did not pass after the solution; the check box says: ${unmet}`);
  }
}

// ---- the run ----

test.describe("classroom e2e", () => {
  const t0 = Date.now();
  let host: { url: string; server: Server };
  let server: RunningServer;
  let browser: Browser;
  const pageErrors: string[] = [];

  const lessonUrl = (name: string, cors = true) => `${host.url}${cors ? "cors" : "nocors"}/${name}/`;
  const at = (query: Record<string, string>) => `${server.url}?${new URLSearchParams(query)}`;

  /** A context whose page never boots the VM (its manifest is refused): the layout, fonts and lesson loading. */
  async function pageWithoutVm(viewport: { width: number; height: number }): Promise<{ ctx: BrowserContext; page: Page }> {
    const ctx = await browser.newContext({ viewport, serviceWorkers: "block" });
    await ctx.route("**/vm/manifest.json", (r) => r.fulfill({ status: 404, body: "no VM in this part of the test" }));
    const page = await ctx.newPage();
    page.on("pageerror", (e) => pageErrors.push(e.message));
    return { ctx, page };
  }

  test.beforeAll(async () => {
    test.setTimeout(5 * MIN);
    needVm();
    host = await startLessonHost();
    server = await startServer("preview");
    browser = await launchChromium();
  });

  test.afterAll(async () => {
    facts.totalMs = Date.now() - t0;
    writeFileSync(`${ART}classroom-facts.json`, JSON.stringify(facts, null, 2) + "\n");
    log("facts", JSON.stringify(facts, null, 2));
    await browser?.close();
    await server?.close();
    host?.server.close();
  });

  test.describe("fonts", () => {
    let ctx: BrowserContext;
    let page: Page;
    attachOnFailure(() => ({ page, errors: pageErrors }));
    test.beforeAll(async () => ({ ctx, page } = await pageWithoutVm({ width: 1280, height: 720 })));
    test.afterAll(async () => ctx?.close());

    test("fonts: header, buttons and lesson text drawn with the page's own fonts", async () => {
      await page.goto(at({ lang: "zh" }));
      await page.waitForSelector("[data-testid=boot-error]", { timeout: 60_000 });
      await page.evaluate(() => document.fonts.ready);
      expect(
        await page.evaluate(() => [...document.fonts].some((f) => f.family.replace(/"/g, "") === "Noto Sans SC" && f.status === "loaded")),
        "Noto Sans SC not loaded",
      ).toBe(true);
      for (const sel of [".brand-title", ".app-header button", ".lesson-title", ".lesson-text p", ".boot-card h2"]) await assertOwnFonts(page, sel);
      await page.screenshot({ path: `${ART}classroom-01-fonts.png` });
    });
  });

  test.describe("embed, and lessons from a URL", () => {
    let ctx: BrowserContext;
    let page: Page;
    attachOnFailure(() => ({ page, errors: pageErrors }));
    test.beforeAll(async () => ({ ctx, page } = await pageWithoutVm({ width: 1024, height: 640 })));
    test.afterAll(async () => ctx?.close());

    test("?embed=1&lang=en: the lesson and the terminal only, in English, inside 1024×640", async () => {
      await page.goto(at({ embed: "1", lang: "en" }));
      await page.waitForSelector("[data-testid=lesson-panel]");
      expect(await page.locator(".app-header").count(), "the header is shown").toBe(0);
      expect(await page.locator(".work-tabs").count(), "the engine/editor/preview tabs are shown").toBe(0);
      expect(await page.locator("[data-testid=terminal]").isVisible(), "no terminal").toBe(true);
      expect(await page.evaluate(() => document.documentElement.lang)).toBe("en");
      expect(await page.locator(".lesson-foot").innerText()).toMatch(/Next/);
      const size = await page.evaluate(() => ({ w: document.documentElement.scrollWidth, h: document.documentElement.scrollHeight }));
      expect(size.w <= 1024 && size.h <= 640, `the page is ${size.w}×${size.h}, larger than 1024×640`).toBe(true);
      const foot = await page.locator(".lesson-foot").boundingBox();
      expect(foot && foot.y + foot.height <= 640, "the lesson's buttons are below the frame").toBe(true);
      await page.screenshot({ path: `${ART}classroom-02-embed.png` });
    });

    test("a lesson from a URL with an HTML/script payload renders inert", async () => {
      await page.goto(at({ embed: "1", lang: "en", lesson: lessonUrl("payload") }));
      await page.waitForSelector("article.step[data-step=payload]", { timeout: 30_000 });
      await page
        .locator("[data-testid=check-box] .hints button")
        .click()
        .catch(() => {});
      await page.waitForTimeout(1000);
      const panel = page.locator("[data-testid=lesson-panel]");
      expect(await page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned), "a payload ran").toBe(undefined);
      expect(await panel.locator("script, iframe, [onerror], [onmouseover], a[href^='javascript:']").count(), "payload elements in the DOM").toBe(0);
      const text = await panel.innerText();
      expect(text, "the script is not shown as text").toMatch(/<script>window.__pwned = 'step'<\/script>/);
      expect(text, "the intro's img tag is not shown as text").toMatch(/<img src="x" onerror=/);
      for (const a of await panel.locator(".lesson-text a").all()) {
        expect(await a.getAttribute("target")).toBe("_blank");
        expect((await a.getAttribute("rel")) ?? "").toMatch(/noopener/);
      }
      expect(await panel.locator(".lesson-text a", { hasText: "next" }).getAttribute("href")).toBe(`${lessonUrl("payload")}02-next.md`);
      expect(await panel.locator(".lesson-text img").evaluateAll((imgs) => imgs.map((i) => i.getAttribute("src")))).toStrictEqual([
        `${lessonUrl("payload")}images/own.png`,
      ]);
      expect(text, "the picture from another site is not left out").toMatch(/\[tracker\]/);
      expect(await page.locator("[data-testid=lesson-from]").innerText()).toMatch(new RegExp(lessonUrl("payload").replace(/[./]/g, "\\$&")));
      await page.screenshot({ path: `${ART}classroom-03-payload.png` });
    });

    test("a lesson from a URL with an error is not used; its problems name the file", async () => {
      await page.goto(at({ embed: "1", lang: "en", lesson: lessonUrl("broken") }));
      const problems = await page.waitForSelector("[data-testid=lesson-problems]", { timeout: 30_000 });
      const text = await problems.innerText();
      expect(text).toMatch(/01-x\.md.*unknown key "chek" — did you mean "check"\?/);
      expect(await page.locator(".lesson-title").innerText()).not.toBe("Broken");
    });

    test("a bad URL, a 404 and a host without CORS each get a message naming the URL", async () => {
      const missing = lessonUrl("missing");
      await page.goto(at({ embed: "1", lang: "en", lesson: missing }));
      const e404 = await (await page.waitForSelector("[data-testid=lesson-load-error]", { timeout: 30_000 })).innerText();
      expect(e404.includes(`${missing}index.md`) && /not found \(HTTP 404\)/.test(e404), e404).toBe(true);

      await page.click("[data-testid=open-lesson]");
      const nocors = lessonUrl("networks-volumes", false);
      await page.fill("[data-testid=lesson-url]", nocors);
      await page.press("[data-testid=lesson-url]", "Enter");
      await expect(page.locator("[data-testid=lesson-load-error]"), "the CORS message").toContainText(nocors, { useInnerText: true, timeout: 30_000 });
      const eCors = await page.locator("[data-testid=lesson-load-error]").innerText();
      expect(eCors, eCors).toMatch(/CORS/);

      await page.goto(at({ lang: "zh", embed: "1", lesson: "ftp://example.org/lab/" }));
      const eBad = await (await page.waitForSelector("[data-testid=lesson-load-error]", { timeout: 30_000 })).innerText();
      expect(eBad.includes("ftp://example.org/lab/") && eBad.includes("不是可用的课程地址"), eBad).toBe(true);
      facts.messages = { e404, eCors, eBad };
    });
  });

  test.describe("live authoring", () => {
    let ctx: BrowserContext;
    let page: Page;
    attachOnFailure(() => ({ page, errors: pageErrors }));
    test.beforeAll(async () => ({ ctx, page } = await pageWithoutVm({ width: 1280, height: 720 })));
    test.afterAll(async () => ctx?.close());

    // the File System Access picker cannot be driven headless, so the page gets a stand-in for showDirectoryPicker
    // whose folder is a map the test edits (the page's own watcher, parser and store run)
    test("live authoring: a local folder reloads on change, jumps to the edited step, shows problems live", async () => {
      const folder = Object.fromEntries(["index.md", "01-list-networks.md", "02-create-network.md"].map((f) => [f, readFileSync(LESSON_DIR + f, "utf8")]));
      folder["index.md"] = folder["index.md"]!.replace(/order:[\s\S]*?\n---/, "order: [01-list-networks, 02-create-network]\n---");
      // a string, not a function: a transpiler may wrap the function's inner functions in a helper the page does not have
      await page.addInitScript({
        content: `
          window.__folder = Object.fromEntries(Object.entries(${JSON.stringify(folder)}).map(([k, v]) => [k, [v, 1]]));
          window.showDirectoryPicker = async () => ({
            kind: "directory",
            name: "my-lab",
            values: async function* () {
              for (const name of Object.keys(window.__folder)) {
                const [text, lastModified] = window.__folder[name];
                yield { kind: "file", name, getFile: async () => new File([text], name, { lastModified }) };
              }
            },
          });`,
      });
      await page.goto(at({ lang: "en" }));
      await page.click("[data-testid=open-lesson]");
      await page.click("[data-testid=open-local-folder]");
      await expect
        .poll(() => page.locator(".lesson-title").innerText({ timeout: 1000 }), { message: "the local lesson", timeout: 30_000, intervals: [250] })
        .toBe("User-defined networks and named volumes")
        .catch(async (e) => {
          throw new Error(
            `${e}; the lesson panel says: ${await page
              .locator("[data-testid=lesson-panel]")
              .innerText({ timeout: 5000 })
              .catch(() => "?")}`.slice(0, 1500),
          );
        });
      expect(await currentStepId(page)).toBe("list-networks");
      // the teacher edits step 2: the page reads it again and shows that step
      await page.evaluate(() => {
        const w = window as unknown as { __folder: Record<string, [string, number]> };
        w.__folder["02-create-network.md"] = [w.__folder["02-create-network.md"]![0].replace("Create a network named", "EDITED: create a network named"), 2];
      });
      await expect(async () => {
        expect(await currentStepId(page)).toBe("create-network");
        expect(await page.locator("article.step").innerText({ timeout: 1000 })).toMatch(/EDITED: create a network named/);
      }, "the edited step").toPass({ timeout: 15_000, intervals: [250] });
      // an error: shown at once, the last good version stays
      await page.evaluate(() => {
        const w = window as unknown as { __folder: Record<string, [string, number]> };
        w.__folder["02-create-network.md"] = [w.__folder["02-create-network.md"]![0].replace("check:", "chek:"), 3];
      });
      const problems = await (await page.waitForSelector("[data-testid=lesson-problems]", { timeout: 15_000 })).innerText();
      expect(problems).toMatch(/02-create-network\.md.*unknown key "chek"/);
      expect(await page.locator("article.step").innerText()).toMatch(/EDITED/);
      await page.screenshot({ path: `${ART}classroom-03b-live-authoring.png` });
    });
  });

  // ---- the second lesson, from a URL, on the real VM ----
  test.describe.serial("the second lesson from a URL, on the real VM", () => {
    test.skip(process.env.CLASSROOM_VM === "0", "CLASSROOM_VM=0");
    let lesson: Lesson;
    let ctx: BrowserContext;
    let page: Page;
    let passedSteps = 0;
    const fonts = { bytes: 0, files: 0 };
    const all = { bytes: 0 };
    let counting = true;
    attachOnFailure(() => ({ page, errors: pageErrors, results: facts }));

    test.beforeAll(async () => {
      lesson = parseLesson(readLessonFolder(LESSON_DIR), { id: lessonUrl("networks-volumes") });
      ctx = await browser.newContext({ viewport: { width: 1280, height: 800 }, acceptDownloads: true });
      page = await ctx.newPage();
      page.on("pageerror", (e) => pageErrors.push(e.message));
      page.on("dialog", (d) => void d.accept());
      ctx.on("requestfinished", (r) => {
        void r.sizes().then((s) => {
          if (!counting) return;
          const n = s.responseBodySize + s.responseHeadersSize;
          all.bytes += n;
          if (/\.woff2$/.test(new URL(r.url()).pathname)) {
            fonts.bytes += n;
            fonts.files++;
          }
        });
      });
    });
    test.afterAll(async () => ctx?.close());

    test("the second lesson opens through ?lesson= from another origin; prompt", async () => {
      test.setTimeout(12 * MIN);
      const t = Date.now();
      await page.goto(at({ lesson: lessonUrl("networks-volumes") }));
      await expect.poll(() => currentStepId(page), { message: "the lesson from the URL", timeout: 60_000, intervals: [250] }).toBe(lesson.steps[0]!.id);
      await expect(page.locator(".boot-overlay"), "the boot overlay to go").toHaveCount(0, { timeout: 8 * MIN });
      await waitForTerminal(page, PROMPT, 2 * MIN);
      counting = false;
      facts.openToPromptMs = Date.now() - t;
      facts.bytesBeforePrompt = all.bytes;
      facts.fontBytesBeforePrompt = fonts.bytes;
      facts.fontFilesBeforePrompt = fonts.files;
      log(
        `  prompt after ${Date.now() - t} ms; ${(all.bytes / 1e6).toFixed(1)} MB before it, of which fonts ${(fonts.bytes / 1e6).toFixed(2)} MB in ${fonts.files} requests (page and service worker)`,
      );
      expect(fonts.bytes, `font bytes before the first prompt: ${fonts.bytes} > 1.5 MB`).toBeLessThanOrEqual(1.5e6);
    });

    test("fonts: the Chinese the guest prints in the terminal is drawn with the page's own font", async () => {
      test.setTimeout(COMMAND_MS + 2 * MIN);
      await typeCommand(page, "echo 你好，容器。中文输出");
      await waitForTerminal(page, /\n你好，容器。中文输出\s*\n/, MIN);
      await page.waitForTimeout(500);
      await assertOwnFonts(page, "[data-testid=terminal] .xterm-rows span");
      await page.screenshot({ path: `${ART}classroom-04-terminal-fonts.png` });
    });

    for (const [i, { id }] of STEPS.entries()) {
      test(`lesson from a URL, step ${i + 1} ${id}: not passed before, passed after`, async () => {
        const step = lesson.steps[i]!;
        // the step's commands (each: its echo within 1 min, then COMMAND_MS), the checks before (3 min) and after (5 min)
        test.setTimeout(step.solution.length * (COMMAND_MS + MIN) + 9 * MIN);
        await walkStep(page, step, { runButton: i === 0, hint: i === 1 });
        passedSteps++;
        if (i < lesson.steps.length - 1) await page.click("[data-testid=next-step]");
      });
    }

    test("the completion report downloads as JSON and prints", async () => {
      await page.click("[data-testid=report]");
      await page.waitForSelector("[data-testid=report-page]");
      const [download] = await Promise.all([page.waitForEvent("download"), page.click("[data-testid=report-download]")]);
      const report = JSON.parse(readFileSync((await download.path())!, "utf8"));
      writeFileSync(`${ART}classroom-report.json`, JSON.stringify(report, null, 2));
      expect(report.format).toBe("docker-sandbox-report/1");
      expect(report.lesson.url).toBe(lessonUrl("networks-volumes"));
      expect(report.totalSteps).toBe(lesson.steps.length);
      const passed = passedSteps;
      expect(report.passedSteps).toBe(passed);
      expect(report.steps.slice(0, passed).every((s: { passedAt: string | null }) => s.passedAt && !Number.isNaN(Date.parse(s.passedAt)))).toBe(true);
      expect(report.steps[0].runUsed, "the Run button use of step 1 is not counted").toBeGreaterThanOrEqual(1);
      if (passed >= 2) expect(report.steps[1].hintsOpened).toBe(1);
      expect(report.totalSeconds).toBeGreaterThan(0);
      expect(download.suggestedFilename()).toMatch(/^report-127\.0\.0\.1-\d+-cors-networks-volumes-\d{4}-\d\d-\d\d\.json$/);
      await page.emulateMedia({ media: "print" });
      expect(await page.locator("#root").isVisible(), "the page is printed, not only the report").toBe(false);
      expect(await page.locator("[data-testid=report-page]").isVisible()).toBe(true);
      await page.screenshot({ path: `${ART}classroom-05-report-print.png`, fullPage: true });
      await page.emulateMedia({ media: "screen" });
    });
  });

  test("no uncaught errors in the page", () => {
    expect(pageErrors).toEqual([]);
  });
});
