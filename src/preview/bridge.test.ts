import { afterEach, describe, expect, it } from "vitest";
import type { GuestApi, GuestHttpStream } from "../vm/guest-api";
import { MAX_CONNECTIONS, MAX_QUEUED, MAX_REQUEST_BYTES, orbBlocked, serveFrame, type BridgeOptions } from "./bridge";
import { CookieJar } from "./cookie-jar";
import { fakeSite } from "./fake-site.test-util";
import type { FrameToPage, PageToFrame } from "./protocol";

const SITE = "http://172.21.51.143:9001";
const enc = new TextEncoder();
const dec = new TextDecoder();
const closers: (() => void)[] = [];
afterEach(() => closers.splice(0).forEach((c) => c()));

function harness(guest: GuestApi, over: Partial<BridgeOptions> = {}) {
  const { port1: frame, port2: page } = new MessageChannel();
  const got: PageToFrame[] = [];
  const events: string[] = [];
  frame.onmessage = (e) => got.push(e.data as PageToFrame);
  const jar = new CookieJar();
  const stop = serveFrame(page, {
    guest,
    jar,
    doc: { url: `${SITE}/`, status: 200, contentType: "text/html", body: enc.encode("<p>doc</p>").buffer as ArrayBuffer, truncated: false },
    onHello: () => events.push("hello"),
    onNavigate: (n) => events.push(`navigate ${n.method} ${n.url}`),
    onLocation: (u) => events.push(`location ${u}`),
    onTruncated: (u, limit) => events.push(`truncated ${u} ${limit}`),
    onLeaving: () => events.push("leaving"),
    ...over,
  });
  closers.push(() => {
    stop();
    frame.close();
  });
  const send = (m: FrameToPage | unknown) => frame.postMessage(m);
  const req = (id: number, url: string, extra: Partial<Extract<FrameToPage, { t: "req" }>> = {}) =>
    send({ t: "req", id, url, method: "GET", headers: [], body: null, mode: "cors", credentials: "same-origin", ...extra });
  /** Waits until the frame has got the end (or failure) of request `id`. */
  const settled = async (id: number) => {
    for (let i = 0; i < 1000; i++) {
      const last = got.find((m) => (m.t === "end" || m.t === "fail") && m.id === id);
      if (last) return last;
      await new Promise((r) => setTimeout(r, 5));
    }
    throw new Error(`request ${id} never ended: ${JSON.stringify(got)}`);
  };
  const body = (id: number) =>
    dec.decode(Buffer.concat(got.filter((m) => m.t === "chunk" && m.id === id).map((m) => new Uint8Array((m as { bytes: ArrayBuffer }).bytes))));
  return { got, events, jar, send, req, settled, body };
}

const tick = () => new Promise((r) => setTimeout(r, 20));
/** Waits for `ok` (messages cross a MessageChannel: a busy machine takes its time). */
async function until(ok: () => boolean): Promise<void> {
  for (let i = 0; i < 250 && !ok(); i++) await tick();
  expect(ok()).toBe(true);
}

describe("preview bridge", () => {
  it("sends the document on hello, with the site's cookies for document.cookie", async () => {
    const h = harness(fakeSite({}).guest);
    h.jar.set(`${SITE}/`, "a=1");
    h.jar.set(`${SITE}/`, "s=2; HttpOnly");
    h.send({ t: "hello" });
    await until(() => h.got.length > 0);
    expect(h.events).toEqual(["hello"]);
    expect(h.got[0]).toMatchObject({ t: "doc", url: `${SITE}/`, status: 200, cookie: "a=1" });
    expect(dec.decode((h.got[0] as { body: ArrayBuffer }).body)).toBe("<p>doc</p>");
  });

  it("answers a same-origin request with its head and body", async () => {
    const site = fakeSite({
      [`${SITE}/cgi-bin/api?containers`]: {
        headers: [
          ["Content-Type", "application/json"],
          ["Set-Cookie", "x=1; Path=/"],
        ],
        pieces: ['[{"Id":', '"abc"}]'],
      },
    });
    const h = harness(site.guest);
    h.req(1, `${SITE}/cgi-bin/api?containers`, { headers: [["Accept", "application/json"]] });
    expect(await h.settled(1)).toEqual({ t: "end", id: 1, truncated: false });
    expect(h.got[0]).toMatchObject({ t: "head", id: 1, status: 200, headers: [["Content-Type", "application/json"]], cookie: "x=1" });
    expect(h.body(1)).toBe('[{"Id":"abc"}]');
    expect(site.seen[0]!.headers).toMatchObject({ Accept: "application/json", Referer: `${SITE}/` });
  });

  it("applies CORS to reads of another origin", async () => {
    const other = "http://172.21.51.143:8080";
    const site = fakeSite({
      [`${other}/closed`]: { body: "secret" },
      [`${other}/open`]: { headers: [["Access-Control-Allow-Origin", "*"]], body: "public" },
      [`${other}/page`]: { headers: [["Content-Type", "text/html"]], body: "<p>secret</p>" },
      [`${other}/pic.png`]: { headers: [["Content-Type", "image/png"]], body: "PNG" },
    });
    const h = harness(site.guest);
    h.req(1, `${other}/closed`);
    h.req(2, `${other}/open`);
    h.req(3, `${other}/page`, { mode: "no-cors" });
    h.req(4, `${other}/pic.png`, { mode: "no-cors" });
    h.req(5, `${other}/open`, { method: "DELETE" });
    h.req(6, `${other}/open`, { mode: "same-origin" });
    expect(await h.settled(1)).toMatchObject({ t: "fail", message: expect.stringMatching(/Access-Control-Allow-Origin/) });
    expect(await h.settled(2)).toMatchObject({ t: "end" });
    expect(h.body(2)).toBe("public");
    expect(await h.settled(3)).toMatchObject({ t: "end" });
    expect(h.body(3)).toBe("");
    await h.settled(4);
    expect(h.body(4)).toBe("PNG");
    expect(await h.settled(5)).toMatchObject({ t: "fail", message: expect.stringMatching(/preflight/) });
    expect(await h.settled(6)).toMatchObject({ t: "fail" });
    expect(site.seen.map((s) => s.url).sort()).toEqual([`${other}/closed`, `${other}/open`, `${other}/page`, `${other}/pic.png`]);
    expect(site.seen.find((s) => s.url === `${other}/closed`)!.headers.Origin).toBe(SITE);
  });

  it("refuses addresses outside the VM and malformed requests", async () => {
    const site = fakeSite({});
    const h = harness(site.guest);
    h.req(1, "https://cdn.example.com/jquery.js", { mode: "no-cors" });
    h.req(2, "not a url");
    h.req(3, `${SITE}/x`, { method: "TRACE" });
    h.send({ t: "req", id: 4, url: `${SITE}/`, method: "GET" }); // incomplete: ignored
    h.send("hello");
    for (const id of [1, 2, 3]) expect(await h.settled(id)).toMatchObject({ t: "fail" });
    expect(site.seen).toEqual([]);
    expect(h.got.some((m) => "id" in m && m.id === 4)).toBe(false);
  });

  it("cuts a large body and tells the owner", async () => {
    const site = fakeSite({ [`${SITE}/big.bin`]: { pieces: ["0123456789", "0123456789", "0123456789"] } });
    const h = harness(site.guest, { maxResponseBytes: 15 });
    h.req(1, `${SITE}/big.bin`);
    expect(await h.settled(1)).toEqual({ t: "end", id: 1, truncated: true });
    expect(h.body(1)).toBe("012345678901234");
    expect(h.events).toEqual([`truncated ${SITE}/big.bin 15`]);
    expect(site.closedCount()).toBe(1);
  });

  it("opens at most MAX_CONNECTIONS at once and closes everything when the frame goes", async () => {
    const waiting: (() => void)[] = [];
    let opened = 0;
    let closedStreams = 0;
    const guest = {
      httpStream: async (): Promise<GuestHttpStream> => {
        opened++;
        let ended = false;
        return {
          status: 200,
          statusText: "OK",
          headers: {},
          raw: [],
          read: () => (ended ? Promise.resolve(null) : new Promise<Uint8Array | null>((r) => waiting.push(() => r(null)))),
          close: () => {
            if (!ended) closedStreams++;
            ended = true;
          },
        };
      },
    } as unknown as GuestApi;
    const h = harness(guest);
    for (let id = 1; id <= MAX_CONNECTIONS + 2; id++) h.req(id, `${SITE}/slow/${id}`);
    await until(() => opened === MAX_CONNECTIONS && waiting.length === MAX_CONNECTIONS);
    await tick();
    expect(opened).toBe(MAX_CONNECTIONS);
    h.send({ t: "abort", id: 1 });
    await until(() => closedStreams === 1);
    waiting.shift()!(); // request 1's pending read ends
    await until(() => opened === MAX_CONNECTIONS + 1);
    h.req(1000, `${SITE}/upload`, { method: "POST", body: new ArrayBuffer(MAX_REQUEST_BYTES + 1) });
    expect(await h.settled(1000)).toMatchObject({ t: "fail", message: "request body too large" });
    for (let id = 100; id < 100 + MAX_QUEUED; id++) h.req(id, `${SITE}/slow/${id}`);
    h.req(999, `${SITE}/one-too-many`);
    expect(await h.settled(999)).toMatchObject({ t: "fail", message: "too many requests at once" });
    closers.splice(0).forEach((c) => c());
    expect(closedStreams).toBe(MAX_CONNECTIONS + 1); // request 1, then the six open when the frame went
    await tick();
    expect(opened).toBe(MAX_CONNECTIONS + 1); // the last one, still queued, never opens
  });

  it("passes navigation, location and cookie messages on, checked", async () => {
    const h = harness(fakeSite({}).guest);
    h.send({ t: "navigate", url: `${SITE}/next`, method: "GET", body: null, contentType: null });
    h.send({ t: "location", url: `${SITE}/spa/route` });
    h.send({ t: "location", url: "http://127.0.0.1:8080/elsewhere" });
    h.send({ t: "cookie", value: "theme=dark" });
    h.send({ t: "leaving" });
    await until(() => h.events.includes("leaving"));
    expect(h.events).toEqual([`navigate GET ${SITE}/next`, `location ${SITE}/spa/route`, "leaving"]);
    expect(h.jar.header(`${SITE}/`)).toBe("theme=dark");
  });
});

describe("ORB", () => {
  it("withholds HTML, JSON and XML but not pictures, scripts or styles", () => {
    for (const t of ["text/html; charset=utf-8", "application/json", "application/vnd.api+json", "text/xml", "application/atom+xml"])
      expect(orbBlocked(t)).toBe(true);
    for (const t of ["image/png", "image/svg+xml", "text/css", "text/javascript", "font/woff2", ""]) expect(orbBlocked(t)).toBe(false);
  });
});
