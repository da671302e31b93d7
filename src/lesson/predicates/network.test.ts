import { describe, expect, it } from "vitest";
import { describeCheck, evaluateCheck } from "../evaluate-check";
import { createFakeGuest } from "../fixtures/fake-guest";
import classnet from "../fixtures/network-inspect-classnet.json";
import { parseCheck } from "../parse-check";

const engine = { "GET /networks/classnet": classnet };
const run = (check: unknown, e: Record<string, unknown> = engine) =>
  evaluateCheck(parseCheck(check), { guest: createFakeGuest({ engine: e }), stepStartedAt: 0, events: [] });

describe("network check", () => {
  it("fails before the network exists and passes after (both ways)", async () => {
    expect((await run({ network: { name: "classnet", driver: "bridge" } }, {})).unmet.map((u) => u.en)).toEqual(["No network classnet"]);
    expect(await run({ network: { name: "classnet", driver: "bridge" } })).toEqual({ ok: true, unmet: [] });
    expect((await run({ network: "classnet" })).ok).toBe(true);
  });

  it("names each container that is not attached, and a wrong driver", async () => {
    expect((await run({ network: { name: "classnet", containers: ["app"] } })).ok).toBe(true);
    const r = await run({ network: { name: "classnet", driver: "overlay", containers: ["app", "client"] } });
    expect(r.unmet).toEqual([
      { zh: "网络 classnet 的驱动是 bridge，应为 overlay", en: "The network classnet uses the driver bridge, not overlay" },
      { zh: "容器 client 没有连接到网络 classnet", en: "The container client is not connected to the network classnet" },
    ]);
  });

  it("exists: false passes once the network is gone; a network found by an ID prefix does not count", async () => {
    expect((await run({ network: { name: "classnet", exists: false } })).unmet[0]!.en).toBe("The network classnet still exists");
    expect((await run({ network: { name: "classnet", exists: false } }, {})).ok).toBe(true);
    expect((await run({ network: "5d1b" }, { "GET /networks/5d1b": classnet })).ok).toBe(false);
  });

  it("reads and describes", () => {
    expect(() => parseCheck({ network: { name: "bad name" } })).toThrow(/not a network name/);
    expect(describeCheck(parseCheck({ network: { name: "classnet", containers: ["app", "client"] } }))).toEqual({
      zh: "存在网络 classnet（连接着容器 app、client）",
      en: "a network classnet (with the containers app, client on it)",
    });
  });
});
