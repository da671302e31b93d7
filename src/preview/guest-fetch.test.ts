import { describe, expect, it } from "vitest";
import { CookieJar } from "./cookie-jar";
import { fakeSite } from "./fake-site.test-util";
import { allowedHeaders, checkMethod, guestFetch, NetError, netErrorCode, readUpTo } from "./guest-fetch";

const SITE = "http://172.21.51.143:9001";

describe("guestFetch", () => {
  it("follows redirects, keeps cookies, and turns a POST into a GET after a 303", async () => {
    const { guest, seen } = fakeSite({
      [`${SITE}/login`]: {
        status: 303,
        headers: [
          ["Location", "/home"],
          ["Set-Cookie", "sid=1; HttpOnly"],
          ["Set-Cookie", "n=2"],
        ],
      },
      [`${SITE}/home`]: {
        headers: [
          ["Content-Type", "text/html; charset=utf-8"],
          ["Set-Cookie", "seen=1"],
        ],
        body: "<p>hi</p>",
      },
    });
    const jar = new CookieJar();
    const r = await guestFetch(guest, jar, {
      url: `${SITE}/login`,
      method: "post",
      body: new TextEncoder().encode("a=1"),
      origin: SITE,
      referrer: `${SITE}/form#x`,
    });
    expect(seen.map((s) => `${s.method} ${s.url}`)).toEqual([`POST ${SITE}/login`, `GET ${SITE}/home`]);
    expect(seen[0]!.headers).toMatchObject({ Origin: SITE, Referer: `${SITE}/form` });
    expect(seen[0]!.body).toBe("a=1");
    expect(seen[1]!.headers.Cookie).toBe("sid=1; n=2");
    expect(seen[1]!.body).toBeUndefined();
    expect(r).toMatchObject({ url: `${SITE}/home`, redirected: true, status: 200, contentType: "text/html; charset=utf-8" });
    expect(r.headers).toEqual([["Content-Type", "text/html; charset=utf-8"]]);
    expect(jar.header(`${SITE}/`)).toBe("sid=1; n=2; seen=1");
    expect(new TextDecoder().decode((await readUpTo(r, 100)).bytes)).toBe("<p>hi</p>");
  });

  it("keeps the method and body through a 307", async () => {
    const { guest, seen } = fakeSite({
      [`${SITE}/a`]: { status: 307, headers: [["Location", `${SITE}/b`]] },
      [`${SITE}/b`]: { status: 201 },
    });
    await guestFetch(guest, new CookieJar(), { url: `${SITE}/a`, method: "PUT", body: new Uint8Array([1]) });
    expect(seen.map((s) => `${s.method} ${s.url} ${s.body}`)).toEqual([`PUT ${SITE}/a \u0001`, `PUT ${SITE}/b \u0001`]);
  });

  it("answers a closed port with connection refused and an address outside the VM without trying", async () => {
    const { guest, seen } = fakeSite({ [`${SITE}/out`]: { status: 302, headers: [["Location", "https://cdn.example.com/x.js"]] } });
    const refused = await guestFetch(guest, new CookieJar(), { url: "http://172.21.51.143:9999/", method: "GET" }).catch((e) => e);
    expect(refused).toBeInstanceOf(NetError);
    expect(refused).toMatchObject({ code: "ERR_CONNECTION_REFUSED", url: "http://172.21.51.143:9999/" });
    const outside = await guestFetch(guest, new CookieJar(), { url: `${SITE}/out`, method: "GET" }).catch((e) => e);
    expect(outside).toMatchObject({ code: "ERR_INTERNET_DISCONNECTED", url: "https://cdn.example.com/x.js" });
    expect(seen.map((s) => s.url)).toEqual(["http://172.21.51.143:9999/", `${SITE}/out`]);
  });

  it("stops after 20 redirects", async () => {
    const { guest } = fakeSite({ [`${SITE}/loop`]: { status: 302, headers: [["Location", "/loop"]] } });
    await expect(guestFetch(guest, new CookieJar(), { url: `${SITE}/loop`, method: "GET" })).rejects.toMatchObject({ code: "ERR_TOO_MANY_REDIRECTS" });
  });

  it("sends only the origin as Referer to another origin, and no cookies when told not to", async () => {
    const { guest, seen } = fakeSite({ "http://127.0.0.1:8080/x": { headers: [["Set-Cookie", "z=1"]] } });
    const jar = new CookieJar();
    jar.set("http://127.0.0.1:8080/", "k=v");
    await guestFetch(guest, jar, { url: "http://127.0.0.1:8080/x", method: "GET", origin: SITE, referrer: `${SITE}/page?q=1`, cookies: false });
    expect(seen[0]!.headers).toMatchObject({ Origin: SITE, Referer: `${SITE}/` });
    expect(seen[0]!.headers.Cookie).toBeUndefined();
    expect(jar.header("http://127.0.0.1:8080/")).toBe("k=v");
  });

  it("sends one Accept header: the page's (as a browser's Headers spell it, lower-case), else */*", async () => {
    const { guest, seen } = fakeSite({ [`${SITE}/a`]: {} });
    await guestFetch(guest, new CookieJar(), { url: `${SITE}/a`, method: "GET", headers: [["accept", "application/json"]] });
    await guestFetch(guest, new CookieJar(), { url: `${SITE}/a`, method: "GET" });
    expect(seen.map((s) => Object.entries(s.headers).filter(([k]) => k.toLowerCase() === "accept"))).toEqual([
      [["accept", "application/json"]],
      [["Accept", "*/*"]],
    ]);
  });
});

describe("request checks", () => {
  it("drops headers a page may not set and anything that could split the request", () => {
    expect(
      allowedHeaders([
        ["Host", "evil"],
        ["Cookie", "a=1"],
        ["Content-Type", "application/json"],
        ["X-A", "1\r\nX-B: 2"],
        ["Bad Name", "x"],
        ["Sec-Fetch-Mode", "x"],
        ["Proxy-Authorization", "x"],
        ["X-Ok", " v "],
      ]),
    ).toEqual({ "Content-Type": "application/json", "X-Ok": "v" });
  });

  it("normalises methods and refuses CONNECT, TRACE and non-tokens", () => {
    expect(checkMethod("post")).toBe("POST");
    expect(checkMethod("PROPFIND")).toBe("PROPFIND");
    expect(() => checkMethod("TRACE")).toThrow(TypeError);
    expect(() => checkMethod("GET /x HTTP/1.1\r\n")).toThrow(TypeError);
  });

  it("maps the agent's messages to browser error codes", () => {
    expect(netErrorCode("connect tcp:172.21.51.143:9001: Connection refused")).toBe("ERR_CONNECTION_REFUSED");
    expect(netErrorCode("no HTTP response from 172.21.51.143:9001/")).toBe("ERR_EMPTY_RESPONSE");
    expect(netErrorCode('not an HTTP response: "\\u0000"')).toBe("ERR_INVALID_HTTP_RESPONSE");
    expect(netErrorCode("GET http://x/: no answer within 60000 ms")).toBe("ERR_TIMED_OUT");
    expect(netErrorCode("something else")).toBe("ERR_FAILED");
  });

  it("caps a body and closes the connection", async () => {
    const { guest, closedCount } = fakeSite({ [`${SITE}/big`]: { pieces: ["aaaa", "bbbb", "cccc"] } });
    const r = await guestFetch(guest, new CookieJar(), { url: `${SITE}/big`, method: "GET" });
    const { bytes, truncated } = await readUpTo(r, 6);
    expect(new TextDecoder().decode(bytes)).toBe("aaaabb");
    expect(truncated).toBe(true);
    expect(closedCount()).toBe(1);
  });
});
