import { describe, expect, it } from "vitest";
import { evaluateCheck } from "../evaluate-check";
import { createFakeGuest } from "../fixtures/fake-guest";
import { events } from "../fixtures/recorded";
import { parseCheck } from "../parse-check";

const run = (check: unknown, stepStartedAt = 1732761800) => evaluateCheck(parseCheck(check), { guest: createFakeGuest(), stepStartedAt, events });

describe("event check", () => {
  it("passes on a matching event since the step began", async () => {
    expect((await run({ event: { type: "image", action: "pull" } })).ok).toBe(true);
    expect((await run({ event: { type: "image", action: "push", ref: "172.21.51.143:5000/nginx:alpine" } })).ok).toBe(true);
    expect((await run({ event: { type: "image", action: "save" } })).ok).toBe(true);
  });

  it("matches the action by prefix, as Docker sends exec_start with its command", async () => {
    expect((await run({ event: { type: "container", action: "exec_start", attributes: { name: "nginx" } } })).ok).toBe(true);
    // "start" is not a prefix of "exec_start: /bin/sh ".
    expect((await run({ event: { type: "container", action: "start" } }, 1732761900)).ok).toBe(false);
  });

  it("matches an image event by the reference it names (pull names nginx:alpine, its name attribute is only nginx)", async () => {
    expect((await run({ event: { action: "pull", ref: "nginx:alpine" } })).ok).toBe(true);
    expect((await run({ event: { action: "pull", attributes: { name: "nginx" } } })).ok).toBe(true);
    expect((await run({ event: { action: "tag", ref: "172.21.51.143:5000/nginx:alpine" } })).ok).toBe(true);
    expect((await run({ event: { action: "pull", ref: "nginx:latest" } })).ok).toBe(false);
  });

  it("ignores events from before the step began, and says what did not happen", async () => {
    const r = await run({ event: { type: "image", action: "pull" } }, 1732761900);
    expect(r).toEqual({
      ok: false,
      unmet: [{ zh: "本步骤开始后还没有发生镜像的“拉取”事件（pull）", en: "No image pull event since this step began" }],
    });
    expect((await run({ event: { type: "image", action: "pull", since: "any" } }, 1732761900)).ok).toBe(true);
  });

  it("names attributes in the unmet message", async () => {
    const r = await run({ event: { type: "container", action: "exec_start", attributes: { name: "web" } } });
    expect(r.unmet).toEqual([
      {
        zh: "本步骤开始后还没有发生容器的“执行命令（exec）”事件（exec_start，name=web）",
        en: "No container exec_start event (name=web) since this step began",
      },
    ]);
  });
});
