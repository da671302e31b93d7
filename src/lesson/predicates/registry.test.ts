import { describe, expect, it } from "vitest";
import { evaluateCheck } from "../evaluate-check";
import { createFakeGuest } from "../fixtures/fake-guest";
import { registryCatalog, registryTagsNginx } from "../fixtures/recorded";
import { parseCheck } from "../parse-check";

const url = "http://172.21.51.143:5000";
const http = {
  [`${url}/v2/_catalog?n=1000`]: { status: 200, body: registryCatalog },
  [`${url}/v2/nginx/tags/list`]: { status: 200, body: registryTagsNginx },
  [`${url}/v2/redis/tags/list`]: {
    status: 404,
    body: { errors: [{ code: "NAME_UNKNOWN", message: "repository name not known to registry", detail: { name: "redis" } }] },
  },
};
const run = (check: unknown, routes: Record<string, { status: number; body: unknown }> = http) =>
  evaluateCheck(parseCheck(check), { guest: createFakeGuest({ http: routes }), stepStartedAt: 0, events: [] });

describe("registry check", () => {
  it("passes when the repository (and tag) was pushed", async () => {
    expect(await run({ registry: { url, repository: "nginx" } })).toEqual({ ok: true, unmet: [] });
    expect(await run({ registry: { url: url + "/", repository: "nginx", tag: "alpine" } })).toEqual({ ok: true, unmet: [] });
  });

  it("says the repository or the tag is missing", async () => {
    expect((await run({ registry: { url, repository: "redis" } })).unmet).toEqual([
      {
        zh: "镜像仓库 http://172.21.51.143:5000 中没有 redis（还没有推送过？）",
        en: "There is no redis in the registry http://172.21.51.143:5000 (not pushed yet?)",
      },
    ]);
    expect((await run({ registry: { url, repository: "redis", tag: "7" } })).unmet[0]!.en).toBe(
      "There is no redis in the registry http://172.21.51.143:5000 (not pushed yet?)",
    );
    expect((await run({ registry: { url, repository: "nginx", tag: "latest" } })).unmet).toEqual([
      {
        zh: "镜像仓库 http://172.21.51.143:5000 中的 nginx 没有标签 latest（现有：alpine）",
        en: "nginx in the registry http://172.21.51.143:5000 has no tag latest (it has: alpine)",
      },
    ]);
  });

  it("says the registry cannot be reached", async () => {
    const r = await run({ registry: { url, repository: "nginx" } }, {});
    expect(r.ok).toBe(false);
    expect(r.unmet[0]!.en).toBe(
      "Could not reach the registry http://172.21.51.143:5000 (Could not reach http://172.21.51.143:5000/v2/_catalog?n=1000 (connect ECONNREFUSED 172.21.51.143:5000)) — is the registry container running?",
    );
  });
});
