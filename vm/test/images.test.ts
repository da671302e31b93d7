/**
 * The seed's images, pulled for real from the built-in mirror, each used the way the seed uses it
 * (issue: the seed's images with no internet).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { NodeVm } from "../../src/vm/node-vm";
import { ok, sh, startVm } from "./harness";

let vm: NodeVm;
beforeAll(async () => {
  vm = await startVm();
});
afterAll(async () => vm?.destroy());

const waitFor = async (what: string, probe: () => Promise<boolean>, timeoutMs = 120_000) => {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await probe().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 1000));
  }
  throw new Error(`timed out waiting for ${what}`);
};

describe("image catalog", () => {
  it("starts with no images, and the mirror is configured in daemon.json", async () => {
    expect((await ok(vm, "docker images -q")).trim()).toBe("");
    const daemon = JSON.parse(await ok(vm, "cat /etc/docker/daemon.json"));
    expect(daemon["registry-mirrors"]).toHaveLength(1);
  });

  it("docker pull nginx:alpine downloads layers from the mirror with Docker's own output", async () => {
    const out = await ok(vm, "docker pull nginx:alpine");
    expect(out).toMatch(/alpine: Pulling from library\/nginx/);
    expect(out).toMatch(/Digest: sha256:[0-9a-f]{64}/);
    expect(out).toMatch(/Status: Downloaded newer image for nginx:alpine/);
    expect(out).toMatch(/docker\.io\/library\/nginx:alpine/);
    const img = (await vm.guest.engine("GET", "/images/nginx:alpine/json")).json<{ Architecture: string; Config: { Labels: Record<string, string> } }>();
    expect(img.Architecture).toBe("386");
    expect(img.Config.Labels["org.opencontainers.image.description"]).toMatch(/nginx/i);
  });

  it("pulling an image that is not in the catalog fails fast with Docker's error", async () => {
    const t0 = Date.now();
    const r = await sh(vm, "docker pull no-such-image-abc:1.0", 60_000);
    expect(r.code).not.toBe(0);
    expect(r.err).toMatch(/Error response from daemon/);
    expect(Date.now() - t0).toBeLessThan(30_000);
  });

  it("runs nginx:alpine: ps aux inside, curl localhost inside, -p 8080:80 from the host, docker logs", async () => {
    await ok(vm, "docker run --name my-nginx-alpine -d nginx:alpine");
    await waitFor("nginx up", async () => (await sh(vm, "docker exec my-nginx-alpine curl -s localhost:80")).out.includes("Welcome to nginx"));
    expect(await ok(vm, "docker exec my-nginx-alpine ps aux")).toMatch(/nginx: master process/);
    await ok(vm, "docker rm -f my-nginx-alpine && docker run --name my-nginx-alpine -d -p 8080:80 nginx:alpine");
    await waitFor("port 8080", async () => (await sh(vm, "curl -s 172.21.51.143:8080")).out.includes("Welcome to nginx"));
    const logs = await sh(vm, "docker logs my-nginx-alpine");
    expect(logs.out + logs.err).toMatch(/GET \/ HTTP\/1\.1" 200/);
  });

  it("docker run hello-world explains what happened", async () => {
    const out = await ok(vm, "docker run --rm hello-world");
    expect(out).toMatch(/Hello from Docker!/i);
  });

  it("builds the seed's Dockerfile FROM ubuntu offline (apt-get from the in-sandbox mirror) and runs it", async () => {
    await ok(
      vm,
      `mkdir -p /root/seed && cd /root/seed && cat > Dockerfile <<'D'
# 告诉docker使用哪个基础镜像作为模板，后续命令都以这个镜像为基础
FROM ubuntu

# RUN命令会在上面指定的镜像里执行命令
RUN apt-get update && apt install -y nginx

#告诉docker，启动容器时执行如下命令
CMD ["/usr/sbin/nginx", "-g","daemon off;"]
D`,
    );
    await ok(vm, "cd /root/seed && docker build . -t my-nginx:ubuntu -f Dockerfile", 900_000);
    await ok(vm, "docker run --name my-nginx-ubuntu -d my-nginx:ubuntu");
    await waitFor("nginx in ubuntu", async () => (await sh(vm, "docker exec my-nginx-ubuntu cat /proc/1/cmdline")).out.includes("nginx"));
  });

  it("registry:2 scenario: push to localhost:5000, catalog over HTTP, HTTPS error for the IP, insecure-registries + restart", async () => {
    await ok(vm, "docker run -d -p 5000:5000 --restart always --name registry registry:2");
    await waitFor("registry", async () => (await sh(vm, "curl -s http://172.21.51.143:5000/v2/")).code === 0);
    await ok(vm, "docker tag nginx:alpine localhost:5000/nginx:alpine && docker push localhost:5000/nginx:alpine", 300_000);
    expect(JSON.parse(await ok(vm, "curl -X GET http://172.21.51.143:5000/v2/_catalog"))).toEqual({ repositories: ["nginx"] });
    expect(JSON.parse(await ok(vm, "curl -X GET http://172.21.51.143:5000/v2/nginx/tags/list"))).toEqual({ name: "nginx", tags: ["alpine"] });

    await ok(vm, "docker tag nginx:alpine 172.21.51.143:5000/nginx:alpine");
    const refused = await sh(vm, "docker push 172.21.51.143:5000/nginx:alpine", 120_000);
    expect(refused.code).not.toBe(0);
    expect(refused.err + refused.out).toMatch(/http: server gave HTTP response to HTTPS client/);

    const daemon = JSON.parse(await ok(vm, "cat /etc/docker/daemon.json"));
    daemon["insecure-registries"] = ["172.21.51.143:5000"];
    await vm.guest.writeFile("/etc/docker/daemon.json", JSON.stringify(daemon, null, 2));
    await ok(vm, "systemctl restart docker", 300_000);
    await waitFor("registry back (--restart always)", async () => (await ok(vm, "docker inspect -f '{{.State.Running}}' registry")).trim() === "true");
    await waitFor("registry answering", async () => (await sh(vm, "curl -s http://172.21.51.143:5000/v2/")).code === 0);
    await ok(vm, "docker push 172.21.51.143:5000/nginx:alpine", 300_000);
    const ids = await ok(vm, "docker images --format '{{.Repository}}:{{.Tag}} {{.ID}}' | grep nginx:alpine");
    expect(
      new Set(
        ids
          .trim()
          .split("\n")
          .map((l) => l.split(" ")[1]),
      ).size,
    ).toBe(1);
  });

  it("portainer stand-in talks to the mounted docker.sock and serves its UI on 9001", async () => {
    await ok(vm, "docker run --name portainer -d -p 9001:9000 -v /var/run/docker.sock:/var/run/docker.sock portainer/portainer");
    await waitFor("portainer UI", async () => (await vm.guest.http("http://172.21.51.143:9001/")).status === 200);
    expect((await vm.guest.http("http://172.21.51.143:9001/")).text()).toMatch(/Portainer/);
    await ok(vm, "docker rm -f portainer");
  });

  it("mysql:5.7 stand-in honours MYSQL_ROOT_PASSWORD and keeps data in the bind mount across re-create", async () => {
    await ok(vm, "docker rm -f my-nginx-ubuntu my-nginx-alpine >/dev/null 2>&1; true");
    await ok(vm, "docker run --name mysql -e MYSQL_ROOT_PASSWORD=123456  -d -v /opt/mysql/:/var/lib/mysql mysql:5.7");
    const q = (sql: string) => sh(vm, `docker exec mysql mysql -uroot -p123456 -e "${sql}"`);
    await waitFor("mysql ready", async () => (await q("select 1")).code === 0, 300_000);
    await ok(
      vm,
      `docker exec mysql mysql -uroot -p123456 -e "create database lesson; create table lesson.t (v varchar(20)); insert into lesson.t values ('kept');"`,
    );
    await ok(vm, "docker rm -f mysql");
    await ok(vm, "docker run --name mysql -e MYSQL_ROOT_PASSWORD=123456  -d -v /opt/mysql/:/var/lib/mysql mysql:5.7");
    await waitFor("mysql ready again", async () => (await q("select 1")).code === 0, 300_000);
    expect((await q("select v from lesson.t")).out).toContain("kept");
    await ok(vm, "docker rm -f mysql");
  });
});
