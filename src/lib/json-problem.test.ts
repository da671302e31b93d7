import { describe, expect, it } from "vitest";
import { jsonProblem } from "./json-problem";

describe("json problems", () => {
  it("accepts valid JSON", () => {
    expect(jsonProblem('{\n  "insecure-registries": ["172.21.51.143:5000"]\n}', true)).toBeNull();
  });

  it("points at the line and column of a syntax error", () => {
    const p = jsonProblem('{\n  "a": [1,\n  2\n}');
    expect(p).not.toBeNull();
    expect(p!.line).toBe(4);
    expect(p!.column).toBe(1);
    expect(p!.message).not.toMatch(/position/);
  });

  it("drops the engine's character offsets from the message", () => {
    const p = jsonProblem('{\n  "a": 1\n}\n}');
    expect(p!.message).not.toMatch(/position|JSON at/);
    expect(p!.line).toBe(4);
  });

  it("reports an empty or truncated file at its end", () => {
    expect(jsonProblem("{ broken")).toMatchObject({ line: 1 });
    expect(jsonProblem("")).toMatchObject({ line: 1, column: 1 });
  });

  it("requires an object for daemon.json", () => {
    expect(jsonProblem("[]", true)!.message).toMatch(/object/);
    expect(jsonProblem("[]", false)).toBeNull();
  });
});
