import { describe, expect, it } from "vitest";
import { fakeSite } from "../preview/fake-site.test-util";
import type { PageToFrame } from "../preview/protocol";
import { createPreviewStore, MAX_DOCUMENT_BYTES } from "./preview-store";

const HOME = "http://172.21.51.143:8080/";
const settle = () => new Promise((r) => setTimeout(r, 10));
async function until(what: string, ok: () => boolean): Promise<void> {
  for (let i = 0; i < 500 && !ok(); i++) await settle();
  if (!ok()) throw new Error(`timed out waiting for ${what}`);
}

function storeWith(routes: Parameters<typeof fakeSite>[0]) {
  const site = fakeSite(routes);
  const store = createPreviewStore(() => 42);
  store.getState().attach(site.guest);
  return { store, site, tab: () => store.getState().tabs[8080]! };
}

describe("preview store", () => {
  it("opens a published port at the tutorial's address, inside the VM, and keeps the status", async () => {
    const { store, site, tab } = storeWith({ [HOME]: { headers: [["Content-Type", "text/html"]], body: "<h1>hello</h1>" } });
    store.getState().ensure(8080, "c1");
    await settle();
    expect(site.seen.map((r) => `${r.method} ${r.url}`)).toEqual([`GET ${HOME}`]);
    expect(site.seen[0]!.headers.Accept).toMatch(/^text\/html/);
    expect(tab().page).toMatchObject({ status: "ok", url: HOME, code: 200, contentType: "text/html", truncated: false, fetchedAt: 42 });
    expect(new TextDecoder().decode(tab().page!.body)).toBe("<h1>hello</h1>");
    expect(tab()).toMatchObject({ containerId: "c1", history: [HOME], index: 0 });
  });

  it("shows a closed port as connection refused", async () => {
    const { store, tab } = storeWith({});
    store.getState().ensure(8080, "c1");
    await settle();
    expect(tab().page).toMatchObject({
      status: "error",
      url: HOME,
      error: { code: "ERR_CONNECTION_REFUSED", message: expect.stringMatching(/Connection refused/) },
    });
  });

  it("opens once per container, and afresh for a new container on the port", async () => {
    const { store, site } = storeWith({ [HOME]: { status: 404, body: "nope" } });
    store.getState().ensure(8080, "c1");
    store.getState().ensure(8080, "c1");
    await settle();
    store.getState().ensure(8080, "c2");
    await settle();
    expect(site.seen.length).toBe(2);
    expect(store.getState().tabs[8080]).toMatchObject({ containerId: "c2", page: { code: 404 } });
  });

  it("goes back and forward through its history, follows redirects in the address bar, and reloads", async () => {
    const { store, site, tab } = storeWith({
      [HOME]: { body: "home" },
      [`${HOME}old`]: { status: 301, headers: [["Location", "/new"]] },
      [`${HOME}new`]: { body: "new" },
    });
    const s = () => store.getState();
    s().ensure(8080, "c1");
    await settle();
    await s().navigate(8080, `${HOME}old`);
    expect(tab()).toMatchObject({ history: [HOME, `${HOME}new`], index: 1, page: { url: `${HOME}new` } });
    s().back(8080);
    await settle();
    expect(tab()).toMatchObject({ index: 0, page: { url: HOME, status: "ok" }, pending: null });
    s().forward(8080);
    await settle();
    expect(tab()).toMatchObject({ index: 1, page: { url: `${HOME}new` } });
    s().back(8080);
    await settle();
    await s().navigate(8080, `${HOME}new`);
    expect(tab()).toMatchObject({ history: [HOME, `${HOME}new`], index: 1 }); // the forward entry was replaced
    s().reload(8080);
    await settle();
    expect(tab().history).toEqual([HOME, `${HOME}new`]);
    expect(site.seen.filter((r) => r.url === `${HOME}new`).length).toBe(4); // redirect, forward, navigate, reload
    s().followLocation(8080, `${HOME}new#part`);
    expect(tab()).toMatchObject({ history: [HOME, `${HOME}new#part`], page: { url: `${HOME}new#part` } });
  });

  it("posts a form from the page with its origin and referrer", async () => {
    const { store, site, tab } = storeWith({
      [HOME]: { body: "form" },
      [`${HOME}login`]: {
        status: 303,
        headers: [
          ["Location", "/"],
          ["Set-Cookie", "sid=1"],
        ],
      },
    });
    store.getState().ensure(8080, "c1");
    await settle();
    await store.getState().navigate(8080, {
      url: `${HOME}login`,
      method: "POST",
      body: new TextEncoder().encode("u=a"),
      contentType: "application/x-www-form-urlencoded",
      referrer: HOME,
    });
    expect(site.seen[1]).toMatchObject({
      method: "POST",
      body: "u=a",
      headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: "http://172.21.51.143:8080", Referer: HOME },
    });
    expect(site.seen[2]).toMatchObject({ method: "GET", url: HOME, headers: { Cookie: "sid=1" } });
    expect(tab()).toMatchObject({ history: [HOME, HOME], index: 1 });
  });

  it("cuts a document larger than the limit", async () => {
    const { store, tab } = storeWith({ [HOME]: { pieces: [new Uint8Array(MAX_DOCUMENT_BYTES), new Uint8Array(10)] } });
    store.getState().ensure(8080, "c1");
    await settle();
    expect(tab().page).toMatchObject({ status: "ok", truncated: true });
    expect(tab().page!.body!.length).toBe(MAX_DOCUMENT_BYTES);
  });

  it("serves the current document's frame, not an old one, and collects notes", async () => {
    const { store, tab } = storeWith({ [HOME]: { headers: [["Content-Type", "text/html"]], body: "<p>x</p>" } });
    store.getState().ensure(8080, "c1");
    await settle();
    const stale = new MessageChannel();
    const staleGot: unknown[] = [];
    stale.port1.onmessage = (e) => staleGot.push(e.data);
    store.getState().serveFrame(8080, tab().page!.seq - 1, stale.port2, { onHello: () => {}, onLeaving: () => {} })();
    const { port1, port2 } = new MessageChannel();
    const got: PageToFrame[] = [];
    port1.onmessage = (e) => got.push(e.data as PageToFrame);
    const stop = store.getState().serveFrame(8080, tab().page!.seq, port2, { onHello: () => {}, onLeaving: () => {} });
    stale.port1.postMessage({ t: "hello" });
    port1.postMessage({ t: "hello" });
    port1.postMessage({ t: "req", id: 1, url: `${HOME}huge`, method: "GET", headers: [], body: null, mode: "cors", credentials: "same-origin" });
    await until("the document and the failed request", () => got.length >= 2);
    expect(staleGot).toEqual([]);
    expect(got[0]).toMatchObject({ t: "doc", url: HOME, status: 200, contentType: "text/html" });
    expect(got[1]).toMatchObject({ t: "fail", id: 1 });
    store.getState().note(8080, { kind: "truncated", url: `${HOME}big.png`, limit: 1 });
    store.getState().note(8080, { kind: "truncated", url: `${HOME}big.png`, limit: 1 });
    expect(tab().notes).toEqual([{ kind: "truncated", url: `${HOME}big.png`, limit: 1 }]);
    stop();
    port1.close();
  });
});
