/**
 * The seed's commands behave as on a real host (issue 15), in one VM, in this order:
 * 1. `docker cp` into and out of a container, file and directory: only "Successfully copied", exit 0, modes kept;
 * 2. the lesson walks' rule on the learner's terminal: each command's exit status is marked, a daemon error or a
 *    non-zero exit is caught, an expected error is allowed (src/lesson/solution-errors.ts);
 * 3. pulls reach the built-in catalog as Docker Hub, whatever /etc/docker/daemon.json says (the seed's file, none),
 *    and an image that is not there gets Docker Hub's errors with the sandbox's hint, never a DNS error.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { exitStatuses, solutionCommandProblem, visibleText } from "../../src/lesson/solution-errors";
import type { NodeVm } from "../../src/vm/node-vm";
import { ok, sh, startVm, typeInTerminal } from "./harness";

let vm: NodeVm;
beforeAll(async () => {
  vm = await startVm();
});
afterAll(async () => vm?.destroy());

const HOST_PROMPT = /root@docker-host[^\n]*# $/;
/** The daemon.json of the seed's section on insecure registries, exactly as shown there. */
const SEED_DAEMON_JSON = `{
  "registry-mirrors": [
    "https://8xpk5wnt.mirror.aliyuncs.com"
  ],
  "insecure-registries": [
     "172.21.51.143:5000"
  ]
}
`;
const HINT = /offline sandbox, built-in images only: .*nginx:alpine/;

/** A command's stdout and stderr as the terminal shows them. */
async function run(command: string, timeoutMs = 300_000) {
  const r = await sh(vm, command, timeoutMs);
  return { code: r.code, text: r.out + r.err };
}

describe("the seed's commands as on a real host", () => {
  it("runs the seed's nginx container", async () => {
    await ok(vm, "docker run --name nginx -d --memory=500m -v /opt:/opt nginx:alpine", 600_000);
  });

  // Here without a terminal, where the CLI prints nothing on success; its "Successfully copied" line on the learner's
  // terminal is checked in the terminal test below.
  it("docker cp of a file into the container succeeds silently and keeps its mode", async () => {
    expect(await run("echo hello > /tmp/test.txt && docker cp /tmp/test.txt nginx:/tmp")).toEqual({ code: 0, text: "" });
    expect(await ok(vm, "docker exec nginx cat /tmp/test.txt")).toBe("hello\n");
    // a mode the daemon's umask would not give: the daemon had to set it (fchmodat2)
    await ok(vm, "echo x > /tmp/mode.txt && chmod 666 /tmp/mode.txt");
    expect((await run("docker cp /tmp/mode.txt nginx:/tmp")).code).toBe(0);
    expect(await ok(vm, "docker exec nginx stat -c %a /tmp/mode.txt")).toBe("666\n");
  });

  it("docker cp of a directory into the container, then both back to the host", async () => {
    await ok(vm, "mkdir -p /tmp/dir/sub && echo a > /tmp/dir/sub/a.txt && chmod 777 /tmp/dir/sub && ln -sf a.txt /tmp/dir/sub/link");
    expect(await run("docker cp /tmp/dir nginx:/tmp")).toEqual({ code: 0, text: "" });
    expect(await ok(vm, "docker exec nginx stat -c '%a %F' /tmp/dir/sub /tmp/dir/sub/link")).toBe("777 directory\n777 symbolic link\n");
    expect(await run("cd /root && docker cp nginx:/tmp/test.txt ./")).toEqual({ code: 0, text: "" });
    expect(await ok(vm, "cat /root/test.txt")).toBe("hello\n");
    expect(await run("docker cp nginx:/tmp/dir /root/dir-back")).toEqual({ code: 0, text: "" });
    expect(await ok(vm, "stat -c %a /root/dir-back/sub && cat /root/dir-back/sub/link")).toBe("777\na\n");
  });

  it("the walks' rule on the learner's terminal: exit statuses are marked, errors are caught unless expected", async () => {
    const type = async (command: string) => {
      const output = await typeInTerminal(vm, `${command}\r`, HOST_PROMPT, 120_000);
      return { command, output, exitStatus: exitStatuses(output).pop() };
    };
    // the cp step of the seed, typed as the lesson's solution
    for (const command of ["echo '123'>/tmp/test.txt", "docker cp /tmp/test.txt nginx:/tmp"]) {
      const typed = await type(command);
      expect(typed.exitStatus).toBe(0);
      expect(solutionCommandProblem({}, typed)).toBeNull();
      if (command.startsWith("docker cp")) expect(visibleText(typed.output)).toMatch(/\nSuccessfully copied [\d.]+k?B to nginx:\/tmp\n/);
    }
    const back = await type("docker cp nginx:/tmp/test.txt ./");
    expect(visibleText(back.output)).toMatch(/\nSuccessfully copied [\d.]+k?B to \/root\S*\n/);
    expect(solutionCommandProblem({}, back)).toBeNull();
    // a command that fails is caught by its exit status, and $? is still the learner's
    const failed = await type("ls /no/such/dir");
    expect(failed.exitStatus).toBe(2);
    expect(solutionCommandProblem({}, failed)).toMatch(/exited with status 2/);
    expect(await type("echo last=$?")).toMatchObject({ output: expect.stringContaining("last=2"), exitStatus: 0 });
    // the seed's `docker rm` of a running container fails on purpose (tutorials/…/43-demo-rm.md)
    const rm = await type("docker rm nginx");
    expect(rm.exitStatus).not.toBe(0);
    expect(solutionCommandProblem({}, rm)).toMatch(/printed a daemon error/);
    expect(solutionCommandProblem({ expectedErrors: { "docker rm nginx": "stop the container before removing or force remove" } }, rm)).toBeNull();
  });

  it("trusts the sandbox's Docker Hub over HTTPS (the guest's CA store, no -k)", async () => {
    for (const host of ["registry-1.docker.io", "index.docker.io", "8xpk5wnt.mirror.aliyuncs.com"]) {
      expect(await run(`curl -sS -o /dev/null -w '%{http_code}' https://${host}/v2/`)).toEqual({ code: 0, text: "200" });
    }
  });

  it("pulls with the seed's daemon.json after systemctl restart docker", async () => {
    await vm.guest.writeFile("/etc/docker/daemon.json", SEED_DAEMON_JSON);
    await ok(vm, "systemctl restart docker", 180_000);
    const t0 = Date.now();
    const pull = await run("docker pull alpine");
    console.log(`docker pull alpine with the seed's daemon.json: ${Date.now() - t0} ms`);
    expect(pull).toEqual({
      code: 0,
      text: expect.stringMatching(/Pulling from library\/alpine[\s\S]*Status: Downloaded newer image for alpine:latest\ndocker\.io\/library\/alpine:latest\n$/),
    });
  });

  it("an image not in the catalog gets Docker Hub's 'pull access denied' with the sandbox's hint, never a DNS error", async () => {
    const r = await run("docker pull no-such-image-xyz", 120_000);
    expect(r.code).toBe(1);
    expect(r.text).toMatch(
      /^Using default tag: latest\nError response from daemon: pull access denied for no-such-image-xyz, repository does not exist or may require 'docker login': denied: requested access to the resource is denied/,
    );
    expect(r.text).toMatch(HINT);
    expect(r.text.trimEnd().split("\n")).toHaveLength(2);
    expect(r.text).not.toMatch(/lookup|dial tcp|no such host/);
    const run1 = await run("docker run --rm no-such-image-xyz", 120_000);
    expect(run1.code).toBe(125);
    expect(run1.text).toMatch(/docker: Error response from daemon: pull access denied for no-such-image-xyz/);
  });

  it("a tag not in the catalog gets Docker Hub's 'manifest unknown' with the hint", async () => {
    const r = await run("docker pull nginx:no-such-tag", 120_000);
    expect(r.code).toBe(1);
    expect(r.text).toMatch(/Error response from daemon: manifest for nginx:no-such-tag not found: manifest unknown: manifest unknown/);
    expect(r.text).toMatch(HINT);
  });

  it("pulls with no daemon.json at all, like a fresh host", async () => {
    await ok(vm, "rm /etc/docker/daemon.json && systemctl restart docker", 180_000);
    const info = (await vm.guest.engine("GET", "/info")).json<{ RegistryConfig: { Mirrors: string[] } }>();
    expect(info.RegistryConfig.Mirrors ?? []).toEqual([]);
    const t0 = Date.now();
    const pull = await run("docker pull hello-world");
    console.log(`docker pull hello-world without daemon.json: ${Date.now() - t0} ms`);
    expect(pull).toMatchObject({ code: 0, text: expect.stringMatching(/Status: Downloaded newer image for hello-world:latest/) });
  });
});
