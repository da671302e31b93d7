import { bi } from "../bilingual";
import type { NetworkCheck } from "../check-types";
import type { NetworkInspect } from "../engine-types";
import { fail, PASS, type Predicate } from "./predicate";

/** `network:` — judged by GET /networks/{name}: its driver and the containers attached to it. */
export const networkPredicate: Predicate<NetworkCheck> = {
  describe(c) {
    if (!c.exists) return bi(`不存在网络 ${c.name}`, `no network ${c.name}`);
    const zh: string[] = [];
    const en: string[] = [];
    if (c.driver) {
      zh.push(`驱动 ${c.driver}`);
      en.push(`driver ${c.driver}`);
    }
    if (c.containers?.length) {
      zh.push(`连接着容器 ${c.containers.join("、")}`);
      en.push(`with the containers ${c.containers.join(", ")} on it`);
    }
    return bi(`存在网络 ${c.name}${zh.length ? `（${zh.join("，")}）` : ""}`, `a network ${c.name}${en.length ? ` (${en.join(", ")})` : ""}`);
  },

  async evaluate(c, s) {
    const network = (await s.engineGet<NetworkInspect>(`/networks/${encodeURIComponent(c.name)}`)).body;
    // the engine also finds a network by a prefix of its ID: only the name counts here
    const found = network && network.Name === c.name ? network : undefined;
    if (!c.exists) return found ? fail(bi(`网络 ${c.name} 仍然存在`, `The network ${c.name} still exists`)) : PASS;
    if (!found) return fail(bi(`没有找到网络 ${c.name}`, `No network ${c.name}`));
    const unmet = [];
    if (c.driver && found.Driver !== c.driver) unmet.push(bi(`网络 ${c.name} 的驱动是 ${found.Driver}，应为 ${c.driver}`, `The network ${c.name} uses the driver ${found.Driver}, not ${c.driver}`));
    const attached = Object.values(found.Containers ?? {}).map((e) => e.Name);
    for (const name of c.containers ?? []) {
      if (!attached.includes(name)) unmet.push(bi(`容器 ${name} 没有连接到网络 ${c.name}`, `The container ${name} is not connected to the network ${c.name}`));
    }
    return unmet.length ? fail(...unmet) : PASS;
  },
};
