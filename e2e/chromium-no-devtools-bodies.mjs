#!/usr/bin/env node
/**
 * Chromium as a learner runs it, under Playwright: a stand-in for the browser executable that starts Debian's
 * chromium and relays Playwright's DevTools pipe (fd 3 in, fd 4 out; NUL-terminated JSON messages) unchanged, except
 * that every `Network.enable` asks Chromium to keep no response bodies (`maxTotalBufferSize`/`maxResourceBufferSize`).
 *
 * Why: Playwright enables the Network domain on the page and on every worker, and Chromium then keeps a copy of up
 * to 200 MB of response bodies per target for DevTools' "get response body" — here the disk chunks the emulator's
 * worker downloads. A learner's browser has no DevTools attached and keeps none; the memory benchmarks
 * (e2e/browser.ts `launchChromiumProfile(..., { devtoolsBodies: false })`) measure the tab as the learner has it.
 * Playwright's request events (URLs, sizes, timings) are unchanged; only `response.body()` stops working.
 *
 * The process is `node …`, not `chrom…`, so `chromiumMemory()` does not count it.
 */
import { spawn } from "node:child_process";
import net from "node:net";

// a body of any size is too big to keep; the total must stay positive
const LIMITS = { maxTotalBufferSize: 1, maxResourceBufferSize: 1 };

const child = spawn(process.env.CHROMIUM ?? "/usr/bin/chromium", process.argv.slice(2), {
  stdio: ["ignore", "inherit", "inherit", "pipe", "pipe"],
});
const fromPlaywright = new net.Socket({ fd: 3, readable: true, writable: false });
const toPlaywright = new net.Socket({ fd: 4, readable: false, writable: true });
const toChromium = child.stdio[3];
const fromChromium = child.stdio[4];

/** Split a byte stream into NUL-terminated messages. */
function messages(stream, onMessage) {
  let pending = [];
  stream.on("data", (chunk) => {
    let start = 0;
    for (let end = chunk.indexOf(0); end !== -1; end = chunk.indexOf(0, start)) {
      pending.push(chunk.subarray(start, end));
      onMessage(Buffer.concat(pending));
      pending = [];
      start = end + 1;
    }
    if (start < chunk.length) pending.push(chunk.subarray(start));
  });
}

const NUL = Buffer.from([0]);
messages(fromPlaywright, (buf) => {
  let out = buf;
  if (buf.includes('"Network.enable"')) {
    const msg = JSON.parse(buf.toString("utf8"));
    if (msg.method === "Network.enable") {
      msg.params = { ...msg.params, ...LIMITS };
      out = Buffer.from(JSON.stringify(msg), "utf8");
    }
  }
  toChromium.write(Buffer.concat([out, NUL]));
});
fromChromium.on("data", (chunk) => toPlaywright.write(chunk));

fromPlaywright.on("end", () => toChromium.end());
fromChromium.on("end", () => toPlaywright.end());
for (const s of [fromPlaywright, toPlaywright, toChromium, fromChromium]) s.on("error", () => {});
for (const sig of ["SIGTERM", "SIGINT", "SIGHUP"]) process.on(sig, () => child.kill(sig));
child.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
