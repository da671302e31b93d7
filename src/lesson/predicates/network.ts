import { bi } from "../bilingual";
import type { NetworkInspect } from "../engine-types";
import { readBoolean, readNonEmptyString, readObjectName, readOptional, readStringList } from "../read-values";
import { fail, PASS, type CheckBase, type CheckKind } from "./predicate";

/** `network:` — a network in the engine, with these containers attached. */
export interface NetworkCheck extends CheckBase {
  kind: "network";
  name: string;
  exists: boolean;
  /** bridge, host, overlay, macvlan, none… */
  driver?: string;
  /** Container names that must be connected to the network. */
  containers?: string[];
}

/** `network:` — judged by GET /networks/{name}: its driver and the containers attached to it. */
export const networkKind: CheckKind<NetworkCheck> = {
  key: "network",
  mainKey: "name",
  keys: ["name", "exists", "driver", "containers"],
  doc: { asks: "a network (with this driver; with these containers attached); or none such", judgedBy: "GET /networks/{name}" },

  parse(site, o, where) {
    const check: NetworkCheck = {
      kind: "network",
      name: readObjectName(site, o, where, "network") ?? "",
      exists: readOptional(o, "exists", (v, at) => readBoolean(site, v, at), where) ?? true,
    };
    const driver = readOptional(o, "driver", (v, at) => readNonEmptyString(site, v, at), where);
    if (driver) check.driver = driver;
    const containers = readOptional(o, "containers", (v, at) => readStringList(site, v, at), where);
    if (containers) check.containers = containers.map((c) => c.replace(/^\//, ""));
    if (!check.exists && (driver || containers)) site.sink.warn(site.file, "driver/containers are ignored when exists is false", where);
    return check;
  },

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
    if (c.driver && found.Driver !== c.driver)
      unmet.push(bi(`网络 ${c.name} 的驱动是 ${found.Driver}，应为 ${c.driver}`, `The network ${c.name} uses the driver ${found.Driver}, not ${c.driver}`));
    const attached = Object.values(found.Containers ?? {}).map((e) => e.Name);
    for (const name of c.containers ?? []) {
      if (!attached.includes(name)) unmet.push(bi(`容器 ${name} 没有连接到网络 ${c.name}`, `The container ${name} is not connected to the network ${c.name}`));
    }
    return unmet.length ? fail(...unmet) : PASS;
  },
};
