import { describe, expect, it } from "vitest";
import type { GuestApi, GuestHttpResponse } from "../vm/guest-api";
import { createPreviewStore } from "./preview-store";

function guestServing(pages: Record<string, { status: number; type: string; body: string } | Error>) {
  const urls: string[] = [];
  const g = {
    http: async (url: string): Promise<GuestHttpResponse> => {
      urls.push(url);
      const p = pages[url];
      if (!p) throw new Error("connect ECONNREFUSED");
      if (p instanceof Error) throw p;
      const body = new TextEncoder().encode(p.body);
      return { status: p.status, headers: { "content-type": p.type }, body, text: () => p.body, json: () => JSON.parse(p.body) };
    },
  } as unknown as GuestApi;
  return { g, urls };
}

describe("preview store", () => {
  it("fetches the port inside the guest and keeps the status code", async () => {
    const { g, urls } = guestServing({ "http://127.0.0.1:8080/": { status: 200, type: "text/html", body: "<h1>hello</h1>" } });
    const store = createPreviewStore(() => 42);
    store.getState().attach(g);
    await store.getState().load(8080, "c1");
    expect(urls).toEqual(["http://127.0.0.1:8080/"]);
    expect(store.getState().pages[8080]).toMatchObject({ status: "ok", code: 200, containerId: "c1", bytes: 14, fetchedAt: 42 });
    expect(store.getState().pages[8080]!.srcdoc).toContain("<h1>hello</h1>");
  });

  it("reports a refused connection", async () => {
    const { g } = guestServing({});
    const store = createPreviewStore();
    store.getState().attach(g);
    await store.getState().load(9000);
    expect(store.getState().pages[9000]).toMatchObject({ status: "error", error: "connect ECONNREFUSED" });
  });

  it("loads once per container and again for a new container on the port", async () => {
    const { g, urls } = guestServing({ "http://127.0.0.1:8080/": { status: 404, type: "text/plain", body: "nope" } });
    const store = createPreviewStore();
    store.getState().attach(g);
    store.getState().ensure(8080, "c1");
    store.getState().ensure(8080, "c1");
    await new Promise((r) => setTimeout(r, 0));
    store.getState().ensure(8080, "c2");
    await new Promise((r) => setTimeout(r, 0));
    expect(urls.length).toBe(2);
    expect(store.getState().pages[8080]).toMatchObject({ code: 404, containerId: "c2" });
  });
});
