import { bi } from "../bilingual";
import { errText } from "../../lib/errors";
import { CheckError } from "../check-session";
import type { RegistryCatalog, RegistryTags } from "../engine-types";
import type { GuestHttpResponse } from "../../vm/guest-api";
import { readNonEmptyString, readOptional, readRequired, join, type ValueSite } from "../read-values";
import { fail, PASS, type CheckBase, type CheckKind } from "./predicate";

/** `registry:` — a repository (and tag) in a Docker registry, via its /v2 API. */
export interface RegistryCheck extends CheckBase {
  kind: "registry";
  url: string;
  repository: string;
  tag?: string;
}

/** `registry:` — the registry's own /v2 API, asked from inside the guest. */
export const registryKind: CheckKind<RegistryCheck> = {
  key: "registry",
  mainKey: "url",
  keys: ["url", "repository", "tag"],
  doc: { asks: "a repository (and tag) pushed to a registry", judgedBy: "GET {url}/v2/_catalog, {url}/v2/{repository}/tags/list inside the VM" },
  parse: parseRegistry,

  describe(c) {
    const name = c.tag ? `${c.repository}:${c.tag}` : c.repository;
    return bi(`镜像仓库 ${c.url} 中有 ${name}`, `${name} in the registry ${c.url}`);
  },

  async evaluate(c, s) {
    const where = bi(`镜像仓库 ${c.url}`, `the registry ${c.url}`);
    const get = async (path: string): Promise<GuestHttpResponse> => {
      try {
        return await s.httpGet(c.url + path);
      } catch (e) {
        if (e instanceof CheckError) {
          throw new CheckError(
            bi(`无法访问${where.zh}（${e.unmet.zh}）——仓库容器在运行吗？`, `Could not reach ${where.en} (${e.unmet.en}) — is the registry container running?`),
          );
        }
        throw e;
      }
    };
    const json = <T>(res: GuestHttpResponse, path: string): T => {
      if (res.status !== 200)
        throw new CheckError(bi(`${where.zh} 的 ${path} 返回了状态码 ${res.status}`, `${path} of ${where.en} answered status ${res.status}`));
      try {
        return res.json<T>();
      } catch (e) {
        throw new CheckError(bi(`${where.zh} 的 ${path} 不是有效的 JSON（${errText(e)}）`, `${path} of ${where.en} is not valid JSON (${errText(e)})`));
      }
    };
    const noRepo = fail(bi(`${where.zh} 中没有 ${c.repository}（还没有推送过？）`, `There is no ${c.repository} in ${where.en} (not pushed yet?)`));

    if (!c.tag) {
      const path = "/v2/_catalog?n=1000";
      const catalog = json<RegistryCatalog>(await get(path), path);
      return (catalog.repositories ?? []).includes(c.repository) ? PASS : noRepo;
    }
    const path = `/v2/${c.repository}/tags/list`;
    const res = await get(path);
    if (res.status === 404) return noRepo;
    const tags = json<RegistryTags>(res, path).tags ?? [];
    if (tags.includes(c.tag)) return PASS;
    return fail(
      bi(
        `${where.zh} 中的 ${c.repository} 没有标签 ${c.tag}` + (tags.length ? `（现有：${tags.join("，")}）` : ""),
        `${c.repository} in ${where.en} has no tag ${c.tag}` + (tags.length ? ` (it has: ${tags.join(", ")})` : ""),
      ),
    );
  },
};

function parseRegistry(site: ValueSite, o: Record<string, unknown>, where: string): RegistryCheck {
  const url = readRequired(site, o, "url", where);
  if (url !== undefined && !/^https?:\/\/[^\s/]+/.test(url))
    site.sink.error(site.file, `"${url}" is not a registry URL such as http://172.21.51.143:5000`, join(where, "url"));
  const repository = readRequired(site, o, "repository", where);
  const check: RegistryCheck = { kind: "registry", url: (url ?? "").replace(/\/+$/, ""), repository: repository ?? "" };
  const tag = readOptional(o, "tag", (v, at) => readNonEmptyString(site, v, at), where);
  if (tag) check.tag = tag;
  return check;
}
