import { describe, expect, it } from "vitest";
import { splitFrontmatter } from "./frontmatter";
import { ProblemSink } from "./lesson-problem";

const site = () => ({ sink: new ProblemSink(), file: "01-a.md" });

describe("splitFrontmatter", () => {
  it("splits YAML from the Markdown body, with CRLF and a BOM", () => {
    const s = site();
    const fm = splitFrontmatter(s, "\uFEFF---\r\nid: a\r\ntitle: {zh: 甲, en: A}\r\n---\r\nbody\r\n");
    expect(fm).toEqual({ data: { id: "a", title: { zh: "甲", en: "A" } }, body: "body\n", bodyLineOffset: 4, failed: false });
    expect(s.sink.problems).toEqual([]);
  });

  it("reports YAML errors at their line in the file", () => {
    const s = site();
    const fm = splitFrontmatter(s, "---\nid: a\nid: b\n---\n");
    expect(fm.failed).toBe(true);
    expect(s.sink.problems).toEqual([{ severity: "error", file: "01-a.md", line: 3, message: "YAML: Map keys must be unique" }]);
  });

  it("reports an unclosed frontmatter, and passes a file without one through", () => {
    const s = site();
    expect(splitFrontmatter(s, "---\nid: a\n").failed).toBe(true);
    expect(s.sink.problems[0]!.message).toContain("no closing ---");
    expect(splitFrontmatter(site(), "# Title\n")).toEqual({ data: undefined, body: "# Title\n", bodyLineOffset: 0, failed: false });
  });
});
