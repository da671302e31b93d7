import { describe, expect, it } from "vitest";
import { evaluateCheck } from "../evaluate-check";
import { createFakeGuest } from "../fixtures/fake-guest";
import { daemonJson } from "../fixtures/recorded";
import { parseCheck } from "../parse-check";
import { getPath } from "./file";

const files = {
  "/etc/docker/daemon.json": daemonJson,
  "/root/Dockerfile": "FROM ubuntu\nRUN apt-get update && apt install -y nginx\n",
  "/tmp/bad.json": "{nope",
};
const run = (check: unknown) => evaluateCheck(parseCheck(check), { guest: createFakeGuest({ files }), stepStartedAt: 0, events: [] });

describe("file check", () => {
  it("passes when the file exists and contains the text", async () => {
    expect(await run({ file: { path: "/root/Dockerfile", contains: "FROM ubuntu" } })).toEqual({ ok: true, unmet: [] });
  });

  it("says the file does not exist, or what it lacks", async () => {
    expect((await run({ file: "/root/missing" })).unmet).toEqual([{ zh: "文件 /root/missing 不存在", en: "The file /root/missing does not exist" }]);
    expect((await run({ file: { path: "/root/Dockerfile", contains: "CMD" } })).unmet).toEqual([
      { zh: "文件 /root/Dockerfile 中没有“CMD”", en: 'The file /root/Dockerfile does not contain "CMD"' },
    ]);
  });

  it("judges existence without reading the file (a saved image tar is large)", async () => {
    const guest = createFakeGuest({ files: { "/root/nginx-alpine.tar": "x".repeat(1000) } });
    const r = await evaluateCheck(parseCheck({ file: { path: "/root/nginx-alpine.tar", exists: true } }), { guest, stepStartedAt: 0, events: [] });
    expect(r.ok).toBe(true);
    expect(guest.calls).toEqual(["EXISTS /root/nginx-alpine.tar"]);
  });

  it("exists: false", async () => {
    expect((await run({ file: { path: "/root/missing", exists: false } })).ok).toBe(true);
    expect((await run({ file: { path: "/root/Dockerfile", exists: false } })).unmet[0]!.en).toBe("The file /root/Dockerfile still exists");
  });

  it("json includes: daemon.json lists the insecure registry", async () => {
    expect((await run({ file: { path: "/etc/docker/daemon.json", json: { path: "insecure-registries", includes: "172.21.51.143:5000" } } })).ok).toBe(true);
    const r = await run({ file: { path: "/etc/docker/daemon.json", json: { path: "insecure-registries", includes: "10.0.0.1:5000" } } });
    expect(r.unmet).toEqual([
      {
        zh: '/etc/docker/daemon.json 中的“insecure-registries”没有包含 "10.0.0.1:5000"',
        en: '"insecure-registries" in /etc/docker/daemon.json does not include "10.0.0.1:5000"',
      },
    ]);
  });

  it("json equals and exists, with dotted paths", async () => {
    expect(
      (await run({ file: { path: "/etc/docker/daemon.json", json: { path: "registry-mirrors.0", equals: "https://8xpk5wnt.mirror.aliyuncs.com" } } })).ok,
    ).toBe(true);
    const r = await run({ file: { path: "/etc/docker/daemon.json", json: { path: "debug", equals: true } } });
    expect(r.unmet[0]!.zh).toBe("/etc/docker/daemon.json 中没有“debug”这一项");
    expect((await run({ file: { path: "/etc/docker/daemon.json", json: { path: "debug", exists: false } } })).ok).toBe(true);
  });

  it("says when the file is not valid JSON", async () => {
    const r = await run({ file: { path: "/tmp/bad.json", json: { path: "a", exists: true } } });
    expect(r.ok).toBe(false);
    expect(r.unmet[0]!.en).toMatch(/^The file \/tmp\/bad.json is not valid JSON \(/);
  });

  it("getPath walks objects and arrays", () => {
    expect(getPath({ a: { b: [1, { c: 2 }] } }, "a.b.1.c")).toBe(2);
    expect(getPath({ a: 1 }, "a.b")).toBeUndefined();
  });
});
