import { describe, expect, it } from "vitest";
import { ProblemSink } from "./lesson-problem";
import { closest, readBilingual, readStringList } from "./read-values";

describe("read-values", () => {
  it("suggests the closest key", () => {
    expect(closest("chek", ["check", "hints"])).toBe("check");
    expect(closest("Title", ["title"])).toBe("title");
    expect(closest("zzzzzz", ["check"])).toBeUndefined();
  });

  it("reads bilingual text, filling a missing language with a warning", () => {
    const sink = new ProblemSink();
    expect(readBilingual({ sink, file: "f" }, "同一", "title")).toEqual({ zh: "同一", en: "同一" });
    expect(readBilingual({ sink, file: "f" }, { en: "Only" }, "title")).toEqual({ zh: "Only", en: "Only" });
    expect(sink.problems).toEqual([{ severity: "warning", file: "f", where: "title", message: "no Chinese (zh) text; the English is shown instead" }]);
    expect(readBilingual({ sink, file: "f" }, [1], "title")).toBeUndefined();
    expect(sink.hasErrors).toBe(true);
  });

  it("reads a list of strings, a single string being a list of one", () => {
    const sink = new ProblemSink();
    expect(readStringList({ sink, file: "f" }, "docker ps", "setup")).toEqual(["docker ps"]);
    expect(readStringList({ sink, file: "f" }, ["a", { b: 1 }], "setup")).toEqual(["a"]);
    expect(sink.problems[0]).toMatchObject({ severity: "error", where: "setup[1]" });
  });
});
