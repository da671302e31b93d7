import { describe, expect, it } from "vitest";
import { describeCheck, evaluateCheck } from "./evaluate-check";
import { createFakeGuest } from "./fixtures/fake-guest";
import { recordedEngine } from "./fixtures/recorded";
import { parseCheck } from "./parse-check";

const ctx = (guest = createFakeGuest({ engine: recordedEngine() })) => ({ guest, stepStartedAt: 1732761800, events: [] });

describe("evaluateCheck combinators", () => {
  it("all: lists every unmet condition", async () => {
    const r = await evaluateCheck(parseCheck([{ image: "nginx:alpine" }, { image: "redis:7" }, { container: { name: "web" } }]), ctx());
    expect(r.ok).toBe(false);
    expect(r.unmet.map((u) => u.en)).toEqual(["No image redis:7", "No container named web"]);
  });

  it("any: passes on one, otherwise says at least one is needed", async () => {
    expect((await evaluateCheck(parseCheck({ any: [{ image: "redis:7" }, { image: "nginx:alpine" }] }), ctx())).ok).toBe(true);
    const r = await evaluateCheck(parseCheck({ any: [{ image: "redis:7" }, { container: { name: "web" } }] }), ctx());
    expect(r.unmet).toEqual([
      {
        zh: "以下条件至少要满足一个：没有找到镜像 redis:7；或者 没有找到名为 web 的容器",
        en: "At least one of these is needed: No image redis:7; or No container named web",
      },
    ]);
  });

  it("not: passes when the inner check fails and describes it when it holds", async () => {
    expect((await evaluateCheck(parseCheck({ not: { container: { name: "web" } } }), ctx())).ok).toBe(true);
    const r = await evaluateCheck(parseCheck({ not: { container: { name: "nginx", state: "running" } } }), ctx());
    expect(r.unmet).toEqual([{ zh: "这一条件不应成立：存在名为 nginx 的运行中容器", en: "This should not be the case: a running container named nginx" }]);
  });

  it("message: replaces the generated text of the check it sits on", async () => {
    const r = await evaluateCheck(parseCheck({ image: "redis:7", message: { zh: "请先拉取 redis:7", en: "Pull redis:7 first" } }), ctx());
    expect(r.unmet).toEqual([{ zh: "请先拉取 redis:7", en: "Pull redis:7 first" }]);
  });
});

describe("evaluateCheck failures", () => {
  it("an unreachable engine is an unmet item, and `not` does not turn it into a pass", async () => {
    const guest = createFakeGuest({ engineDown: new Error("guest channel closed") });
    const expected = {
      ok: false,
      unmet: [{ zh: "无法连接到 Docker 引擎（guest channel closed）", en: "Could not reach the Docker engine (guest channel closed)" }],
    };
    expect(await evaluateCheck(parseCheck({ container: { name: "web" } }), ctx(guest))).toEqual(expected);
    expect(await evaluateCheck(parseCheck({ not: { container: { name: "web" } } }), ctx(guest))).toEqual(expected);
    expect(await evaluateCheck(parseCheck({ any: [{ image: "a" }, { not: { image: "b" } }], message: { zh: "x", en: "x" } }), ctx(guest))).toEqual({
      ok: false,
      unmet: [expected.unmet[0], expected.unmet[0]],
    });
  });

  it("an engine error status is reported with Docker's message", async () => {
    const guest = createFakeGuest({
      engine: { "GET /containers/json?all=1": { status: 500, body: { message: "write /var/lib/docker: no space left on device" } } },
    });
    const r = await evaluateCheck(parseCheck({ container: "web" }), ctx(guest));
    expect(r.unmet).toEqual([
      {
        zh: "Docker 引擎返回了错误 500：write /var/lib/docker: no space left on device",
        en: "The Docker engine answered 500: write /var/lib/docker: no space left on device",
      },
    ]);
  });

  it("a hung guest times out into an unmet item", async () => {
    const guest = createFakeGuest({ engineHangs: true });
    const r = await evaluateCheck(parseCheck({ image: "nginx:alpine" }), { ...ctx(guest), timeoutMs: 20 });
    expect(r).toEqual({ ok: false, unmet: [{ zh: "检查超时（0.02 秒内没有回应）", en: "The check timed out (no answer within 0.02 s)" }] });
  });
});

describe("describeCheck", () => {
  it("says a whole check in words", () => {
    const d = describeCheck(parseCheck([{ image: "nginx:alpine" }, { container: { name: "web", state: "running", ports: ["8080:80"] } }]));
    expect(d.en).toBe("an image nginx:alpine, and a running container named web (port 8080:80)");
    expect(d.zh).toBe("存在镜像 nginx:alpine，并且存在名为 web 的运行中容器（端口 8080:80）");
  });
});
