import { bi } from "../bilingual";
import type { HttpCheck } from "../check-types";
import { fail, PASS, type Predicate } from "./predicate";

/** `http:` — a GET made inside the guest (GuestApi.http). */
export const httpPredicate: Predicate<HttpCheck> = {
  describe(c) {
    const extra = [c.status !== undefined ? [`状态码 ${c.status}`, `status ${c.status}`] : undefined, c.contains !== undefined ? [`内容包含“${c.contains}”`, `body containing "${c.contains}"`] : undefined].filter(
      (e): e is string[] => e !== undefined,
    );
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
