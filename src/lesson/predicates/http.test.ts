import { describe, expect, it } from "vitest";
import { evaluateCheck } from "../evaluate-check";
import { createFakeGuest } from "../fixtures/fake-guest";
import { nginxWelcome } from "../fixtures/recorded";
import { parseCheck } from "../parse-check";

const http = {
  "http://172.21.51.143:8080": { status: 200, body: nginxWelcome },
  "http://127.0.0.1:8080/missing": { status: 404, body: "<html><body><h1>404 Not Found</h1></body></html>" },
};
const run = (check: unknown) => evaluateCheck(parseCheck(check), { guest: createFakeGuest({ http }), stepStartedAt: 0, events: [] });

describe("http check", () => {
  it("passes on the expected status and text", async () => {
    expect(await run({ http: { url: "http://172.21.51.143:8080", status: 200, contains: "Welcome to nginx" } })).toEqual({ ok: true, unmet: [] });
    expect((await run({ http: "http://172.21.51.143:8080" })).ok).toBe(true);
  });

  it("says what the response lacked", async () => {
    const r = await run({ http: { url: "http://127.0.0.1:8080/missing", status: 200, contains: "Welcome" } });
    expect(r.unmet).toEqual([
      { zh: "http://127.0.0.1:8080/missing 返回了状态码 404，应为 200", en: "http://127.0.0.1:8080/missing answered status 404, expected 200" },
      { zh: "http://127.0.0.1:8080/missing 的响应中没有“Welcome”", en: 'The response from http://127.0.0.1:8080/missing does not contain "Welcome"' },
    ]);
    expect((await run({ http: "http://127.0.0.1:8080/missing" })).unmet[0]!.en).toBe("http://127.0.0.1:8080/missing answered with error status 404");
  });

  it("turns a refused connection into an unmet item, not a throw", async () => {
    const r = await run({ http: { url: "http://127.0.0.1:9001/" } });
    expect(r).toEqual({
      ok: false,
      unmet: [
        {
          zh: "无法访问 http://127.0.0.1:9001/（connect ECONNREFUSED 127.0.0.1:9001）",
          en: "Could not reach http://127.0.0.1:9001/ (connect ECONNREFUSED 127.0.0.1:9001)",
        },
      ],
    });
  });
});
