import { bi } from "../bilingual";
import { join, readOptional, readRequired, readString, typeName, type ValueSite } from "../read-values";
import { fail, PASS, type CheckBase, type CheckKind } from "./predicate";

/** `http:` — an HTTP request made inside the guest. */
export interface HttpCheck extends CheckBase {
  kind: "http";
  url: string;
  /** Expected status; without it any status from 200 to 399 passes. */
  status?: number;
  contains?: string;
}

/** `http:` — a GET made inside the guest (GuestApi.http). */
export const httpKind: CheckKind<HttpCheck> = {
  key: "http",
  mainKey: "url",
  keys: ["url", "status", "contains"],
  doc: { asks: "a URL that answers (with this status; a body containing this text)", judgedBy: "an HTTP GET made inside the VM" },
  parse: parseHttp,

  describe(c) {
    const extra = [
      c.status !== undefined ? [`状态码 ${c.status}`, `status ${c.status}`] : undefined,
      c.contains !== undefined ? [`内容包含“${c.contains}”`, `body containing "${c.contains}"`] : undefined,
    ].filter((e): e is string[] => e !== undefined);
    return bi(
      `可以访问 ${c.url}` + (extra.length ? `（${extra.map((e) => e[0]).join("，")}）` : ""),
      `${c.url} answers` + (extra.length ? ` (${extra.map((e) => e[1]).join(", ")})` : ""),
    );
  },

  async evaluate(c, s) {
    const res = await s.httpGet(c.url);
    const unmet = [];
    if (c.status !== undefined ? res.status !== c.status : res.status < 200 || res.status >= 400) {
      unmet.push(
        c.status !== undefined
          ? bi(`${c.url} 返回了状态码 ${res.status}，应为 ${c.status}`, `${c.url} answered status ${res.status}, expected ${c.status}`)
          : bi(`${c.url} 返回了错误状态码 ${res.status}`, `${c.url} answered with error status ${res.status}`),
      );
    }
    if (c.contains !== undefined && !res.text().includes(c.contains)) {
      unmet.push(bi(`${c.url} 的响应中没有“${c.contains}”`, `The response from ${c.url} does not contain "${c.contains}"`));
    }
    return unmet.length ? fail(...unmet) : PASS;
  },
};

function parseHttp(site: ValueSite, o: Record<string, unknown>, where: string): HttpCheck {
  const url = readRequired(site, o, "url", where);
  if (url !== undefined && !/^https?:\/\/[^\s/]+/.test(url)) site.sink.error(site.file, `"${url}" is not an http:// or https:// URL`, join(where, "url"));
  const check: HttpCheck = { kind: "http", url: url ?? "" };
  if (o.status !== undefined) {
    if (typeof o.status === "number" && Number.isInteger(o.status) && o.status >= 100 && o.status <= 599) check.status = o.status;
    else site.sink.error(site.file, `status must be an HTTP status code such as 200; found ${typeName(o.status)}`, join(where, "status"));
  }
  const contains = readOptional(o, "contains", (v, at) => readString(site, v, at), where);
  if (contains !== undefined) check.contains = contains;
  return check;
}
