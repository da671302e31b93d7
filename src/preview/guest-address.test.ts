import { describe, expect, it } from "vitest";
import { homeUrl, isGuestUrl, parseAddress } from "./guest-address";

describe("guest addresses", () => {
  it("previews a published port at the tutorial's host address", () => {
    expect(homeUrl(9001)).toBe("http://172.21.51.143:9001/");
  });

  it("knows the VM's own addresses, over http only", () => {
    expect(isGuestUrl("http://172.21.51.143:9001/x")).toBe(true);
    expect(isGuestUrl("http://127.0.0.1:8080/")).toBe(true);
    expect(isGuestUrl("http://localhost/")).toBe(true);
    expect(isGuestUrl("https://172.21.51.143/")).toBe(false);
    expect(isGuestUrl("http://example.com/")).toBe(false);
    expect(isGuestUrl("http://user:pw@127.0.0.1/")).toBe(false);
    expect(isGuestUrl("not a url")).toBe(false);
  });

  it("reads what the learner types in the address bar", () => {
    const here = "http://172.21.51.143:9001/a/b";
    expect(parseAddress("/cgi-bin/api?info", here)).toEqual({ ok: true, url: "http://172.21.51.143:9001/cgi-bin/api?info" });
    expect(parseAddress("  localhost:8080 ", here)).toEqual({ ok: true, url: "http://localhost:8080/" });
    expect(parseAddress("172.21.51.143:9001", here)).toEqual({ ok: true, url: "http://172.21.51.143:9001/" });
    expect(parseAddress("http://127.0.0.1:9001/x", here)).toEqual({ ok: true, url: "http://127.0.0.1:9001/x" });
    expect(parseAddress("https://172.21.51.143/", here)).toEqual({ ok: false, reason: "not-http" });
    expect(parseAddress("www.example.com", here)).toEqual({ ok: false, reason: "not-guest" });
    expect(parseAddress("", here)).toEqual({ ok: false, reason: "invalid" });
    expect(parseAddress("http://[bad", here)).toEqual({ ok: false, reason: "invalid" });
  });
});
