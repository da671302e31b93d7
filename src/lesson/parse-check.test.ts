import { describe, expect, it } from "vitest";
import { ProblemSink } from "./lesson-problem";
import { parseCheck, parseCheckValue } from "./parse-check";

function problems(raw: unknown): string[] {
  const sink = new ProblemSink();
  parseCheckValue({ sink, file: "01-x.md" }, raw);
  return sink.problems.map((p) => `${p.severity} ${p.where}: ${p.message}`);
}

describe("parseCheck", () => {
  it("fills defaults and expands shorthands", () => {
    expect(parseCheck({ container: "nginx" })).toEqual({ kind: "container", name: "nginx", exists: true });
    expect(parseCheck({ event: { type: "image", action: "pull" } })).toEqual({ kind: "event", type: "image", action: "pull", since: "step" });
    expect(parseCheck({ history: "^docker\\s+ps" })).toEqual({ kind: "history", matches: "^docker\\s+ps" });
    expect(parseCheck({ container: { name: "m", env: { MYSQL_ROOT_PASSWORD: 123456 } } })).toMatchObject({ env: ["MYSQL_ROOT_PASSWORD=123456"] });
    expect(parseCheck({ file: { path: "/etc/docker/daemon.json", json: { path: "insecure-registries", includes: "172.21.51.143:5000" } } })).toEqual({
      kind: "file",
      path: "/etc/docker/daemon.json",
      exists: true,
      json: { path: "insecure-registries", includes: "172.21.51.143:5000" },
    });
    expect(parseCheck({ not: { image: { ref: "nginx:alpine" } }, message: "gone" })).toEqual({
      kind: "not",
      check: { kind: "image", ref: "nginx:alpine", exists: true },
      message: { zh: "gone", en: "gone" },
    });
  });

  it("reports unknown keys with a suggestion", () => {
    expect(problems({ container: { name: "web", stat: "running" } })).toEqual([
      'error check.container.stat: unknown key "stat" — did you mean "state"? Allowed here: name, exists, state, image, ports, mounts, memory, restart, env, createdSinceStep.',
    ]);
    expect(problems({ containers: { name: "web" } })[0]).toContain('did you mean "container"?');
  });

  it("reports bad shapes and values, each at its key path", () => {
    expect(
      problems([
        { container: { state: "up", ports: ["8080-80"], memory: "lots", restart: "sometimes", exists: "yes" } },
        { image: {} },
        { http: { url: "localhost:8080", status: "200" } },
        { history: { matches: "docker (images" } },
        { file: { path: "etc/docker/daemon.json", json: { path: "a", includes: 1, equals: 2 } } },
        { event: {} },
        { all: [] },
        "nginx",
        { image: "nginx", container: "web" },
      ]).map((p) => p.split(":")[0]),
    ).toEqual([
      "error check[0].container.exists",
      "error check[0].container.state",
      "error check[0].container.ports[0]",
      "error check[0].container.memory",
      "error check[0].container.restart",
      "error check[1].image.ref",
      "error check[2].http.url",
      "error check[2].http.status",
      "error check[3].history.matches",
      "error check[4].file.path",
      "error check[4].file.json",
      "error check[5].event",
      "error check[6].all",
      "error check[7]",
      "error check[8]",
    ]);
  });

  it("warns about numbers that YAML mangles", () => {
    expect(problems({ registry: { url: "http://r:5000", repository: "app", tag: 1.1 } })).toEqual([
      "warning check.registry.tag: 1.1 was read as a number; put it in quotes if you meant text",
    ]);
  });

  it("parseCheck throws with every problem", () => {
    expect(() => parseCheck({ container: { state: "up" } })).toThrow(/state must be one of/);
  });
});
