import { describe, expect, it } from "vitest";
import { evaluateCheck } from "../evaluate-check";
import { createFakeGuest } from "../fixtures/fake-guest";
import { recordedEngine } from "../fixtures/recorded";
import { parseCheck } from "../parse-check";

const ctx = (stepStartedAt = 1732761800) => ({ guest: createFakeGuest({ engine: recordedEngine() }), stepStartedAt, events: [] });
const run = (check: unknown, stepStartedAt?: number) => evaluateCheck(parseCheck(check), ctx(stepStartedAt));

describe("container check", () => {
  it("passes for a running container with the right image, port and mount", async () => {
    const r = await run({ container: { name: "nginx", state: "running", image: "nginx:alpine", ports: ["8080:80"], mounts: ["/opt:/opt"] } });
    expect(r).toEqual({ ok: true, unmet: [] });
  });

  it("says there is no running container of that name", async () => {
    const r = await run({ container: { name: "web", state: "running" } });
    expect(r.unmet).toEqual([{ zh: "没有找到名为 web 的运行中容器", en: "No running container named web" }]);
  });

  it("names each condition the named container does not meet", async () => {
    const r = await run({ container: { name: "mysql", state: "running", image: "mysql:8", ports: ["3306:3306"], env: ["MYSQL_ROOT_PASSWORD=root"] } });
    expect(r.ok).toBe(false);
    expect(r.unmet.map((u) => u.en)).toEqual([
      "Container mysql is exited, not running",
      "Container mysql runs image mysql:5.7, not mysql:8",
      "Container mysql does not publish container port 3306 on host port 3306 (-p 3306:3306)",
      'Container mysql has MYSQL_ROOT_PASSWORD="123456", expected "root"',
    ]);
    expect(r.unmet[0]!.zh).toBe("容器 mysql 的状态是“已退出”（exited），应为“运行中”（running）");
  });

  it("matches env, mounts with a trailing slash, restart policy and memory", async () => {
    expect((await run({ container: { name: "mysql", env: ["MYSQL_ROOT_PASSWORD=123456"], mounts: ["/opt/mysql/:/var/lib/mysql"] } })).ok).toBe(true);
    expect((await run({ container: { name: "registry", restart: "always", ports: ["5000:5000"], mounts: ["/var/lib/registry"] } })).ok).toBe(true);
    expect((await run({ container: { memory: "500m", image: "nginx:alpine", state: "running" } })).ok).toBe(true);
  });

  it("explains a wrong restart policy, memory limit and mount", async () => {
    const r = await run({ container: { name: "nginx", restart: "always", memory: "500m", mounts: ["/data:/opt", "/srv"] } });
    expect(r.unmet).toEqual([
      { zh: "容器 nginx 的 /opt 挂载的是 /opt，而不是 /data", en: "Container nginx mounts /opt at /opt, not /data" },
      { zh: "容器 nginx 的 /srv 没有挂载任何目录或数据卷", en: "Container nginx has nothing mounted at /srv" },
      { zh: "容器 nginx 没有设置内存上限，应为 500m（--memory=500m）", en: "Container nginx has memory limit none, expected 500m (--memory=500m)" },
      { zh: "容器 nginx 的重启策略是 no，应为 always（--restart always）", en: "Container nginx has restart policy no, expected always (--restart always)" },
    ]);
  });

  it("without a name, reports the closest container", async () => {
    const r = await run({ container: { image: "nginx:alpine", ports: ["9090:80"] } });
    expect(r.unmet).toHaveLength(1);
    expect(r.unmet[0]!.zh).toBe(
      "没有找到容器（镜像 nginx:alpine，端口 9090:80）。最接近的是容器 eager_turing：容器 eager_turing 没有把容器端口 80 映射到宿主机端口 9090（-p 9090:80）",
    );
    expect(r.unmet[0]!.en).toBe(
      "No container (image nginx:alpine, port 9090:80). Closest: container eager_turing — Container eager_turing does not publish container port 80 on host port 9090 (-p 9090:80)",
    );
  });

  it("matches the image by ID when the container was started from another tag of it", async () => {
    expect((await run({ container: { name: "nginx", image: "172.21.51.143:5000/nginx:alpine" } })).ok).toBe(true);
  });

  it("createdSinceStep: only containers created after the step began", async () => {
    expect((await run({ container: { name: "nginx", createdSinceStep: true } }, 1732761850)).ok).toBe(true);
    const r = await run({ container: { name: "nginx", createdSinceStep: true } }, 1732762100);
    expect(r.unmet).toEqual([
      {
        zh: "容器 nginx 是在本步骤开始之前创建的，请在本步骤中重新创建它",
        en: "Container nginx was created before this step began; create it again in this step",
      },
    ]);
  });

  it("exists: false passes when no container matches and fails while one does", async () => {
    expect((await run({ container: { name: "portainer", exists: false } })).ok).toBe(true);
    expect((await run({ container: { name: "nginx", exists: false } })).unmet).toEqual([
      { zh: "名为 nginx 的容器仍然存在", en: "The container named nginx still exists" },
    ]);
    expect((await run({ container: { state: "running", image: "nginx:alpine", exists: false } })).unmet[0]!.en).toBe(
      "Expected no running container (image nginx:alpine), but found: eager_turing, nginx",
    );
  });

  it("reads the list once and inspects only when asked for inspect-only fields", async () => {
    const g = createFakeGuest({ engine: recordedEngine() });
    await evaluateCheck(parseCheck([{ container: { name: "nginx", state: "running" } }, { container: { name: "registry" } }]), {
      guest: g,
      stepStartedAt: 0,
      events: [],
    });
    expect(g.calls).toEqual(["GET /containers/json?all=1"]);
  });
});
