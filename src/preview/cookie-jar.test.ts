import { describe, expect, it } from "vitest";
import { CookieJar } from "./cookie-jar";

describe("cookie jar", () => {
  it("sends a site's cookies back to it, by path, longest path first", () => {
    const jar = new CookieJar();
    jar.set("http://172.21.51.143:9001/login", "sid=abc; Path=/; HttpOnly");
    jar.set("http://172.21.51.143:9001/app/page", "theme=dark");
    expect(jar.header("http://172.21.51.143:9001/")).toBe("sid=abc");
    expect(jar.header("http://172.21.51.143:9001/app/x")).toBe("theme=dark; sid=abc");
    expect(jar.header("http://172.21.51.143:9001/apple")).toBe("sid=abc");
    expect(jar.header("http://127.0.0.1:9001/")).toBe("");
  });

  it("hides HttpOnly cookies from document.cookie and keeps scripts from replacing them", () => {
    const jar = new CookieJar();
    jar.set("http://localhost/", "sid=abc; HttpOnly");
    jar.set("http://localhost/", "a=1");
    jar.set("http://localhost/", "sid=evil", true);
    jar.set("http://localhost/", "b=2; HttpOnly", true);
    expect(jar.documentCookie("http://localhost/")).toBe("a=1");
    expect(jar.header("http://localhost/")).toBe("sid=abc; a=1");
  });

  it("replaces, expires and deletes", () => {
    let now = 1_000_000;
    const jar = new CookieJar(() => now);
    jar.set("http://localhost/", "a=1; Max-Age=10");
    jar.set("http://localhost/", "a=2; Max-Age=10");
    expect(jar.header("http://localhost/")).toBe("a=2");
    now += 11_000;
    expect(jar.header("http://localhost/")).toBe("");
    jar.set("http://localhost/", "b=1");
    jar.set("http://localhost/", "b=; Expires=Thu, 01 Jan 1970 00:00:00 GMT");
    expect(jar.header("http://localhost/")).toBe("");
  });

  it("refuses Secure cookies over http", () => {
    const jar = new CookieJar();
    jar.set("http://localhost/", "s=1; Secure");
    expect(jar.header("http://localhost/")).toBe("");
  });
});
