import { describe, expect, it } from "vitest";
import { evaluateCheck } from "../evaluate-check";
import { createFakeGuest } from "../fixtures/fake-guest";
import { recordedEngine } from "../fixtures/recorded";
import { parseCheck } from "../parse-check";

const guest = () => createFakeGuest({ engine: recordedEngine() });
const ctx = () => ({ guest: guest(), stepStartedAt: 1732761800, events: [] });

describe("image check", () => {
  it("passes when the engine has the image", async () => {
    expect(await evaluateCheck(parseCheck({ image: { ref: "nginx:alpine" } }), ctx())).toEqual({ ok: true, unmet: [] });
  });

  it("says which image is missing", async () => {
    const r = await evaluateCheck(parseCheck({ image: { ref: "my-nginx:ubuntu" } }), ctx());
    expect(r).toEqual({ ok: false, unmet: [{ zh: "没有找到镜像 my-nginx:ubuntu", en: "No image my-nginx:ubuntu" }] });
  });

  it("exists: false passes when the image is gone and fails while it is there", async () => {
    expect((await evaluateCheck(parseCheck({ image: { ref: "my-nginx:ubuntu", exists: false } }), ctx())).ok).toBe(true);
    const r = await evaluateCheck(parseCheck({ image: { ref: "nginx:alpine", exists: false } }), ctx());
    expect(r.unmet).toEqual([{ zh: "镜像 nginx:alpine 仍然存在", en: "The image nginx:alpine still exists" }]);
  });

  it("checks labels", async () => {
    expect((await evaluateCheck(parseCheck({ image: { ref: "hello:v1", label: { lesson: "hello" } } }), ctx())).ok).toBe(true);
    const r = await evaluateCheck(parseCheck({ image: { ref: "hello:v1", label: { lesson: "world", version: 1 } } }), ctx());
    expect(r.unmet).toEqual([
      { zh: "镜像 hello:v1 的标签 lesson 是“hello”，应为“world”", en: 'The image hello:v1 has label lesson="hello", expected "world"' },
      { zh: "镜像 hello:v1 没有标签 version", en: "The image hello:v1 has no label version" },
    ]);
  });

  it("sameIdAs: a tag is another name for the same image ID", async () => {
    expect((await evaluateCheck(parseCheck({ image: { ref: "172.21.51.143:5000/nginx:alpine", sameIdAs: "nginx:alpine" } }), ctx())).ok).toBe(true);
    const r = await evaluateCheck(parseCheck({ image: { ref: "registry:2", sameIdAs: "nginx:alpine" } }), ctx());
    expect(r.unmet).toEqual([
      {
        zh: "registry:2 与 nginx:alpine 不是同一个镜像（IMAGE ID 708bc6af7e5e ≠ 377c0837328f）",
        en: "registry:2 and nginx:alpine are different images (IMAGE ID 708bc6af7e5e ≠ 377c0837328f)",
      },
    ]);
  });

  it("asks the engine by reference", async () => {
    const g = guest();
    await evaluateCheck(parseCheck({ image: "localhost:5000/nginx:alpine" }), { guest: g, stepStartedAt: 0, events: [] });
    expect(g.calls).toEqual(["GET /images/localhost:5000/nginx:alpine/json"]);
  });
});
