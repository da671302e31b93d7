import { describe, expect, it } from "vitest";
import { publishProblems } from "./publish-lint";

describe("publish lint", () => {
  it("asks for order: and for pictures inside the folder", () => {
    const files = {
      "index.md": "---\ntitle: x\n---\n![](images/a.png)\n",
      "01-a.md": "---\nid: a\n---\ntext\n\n![arch](../../images/x.svg) ![gone](images/b.png) ![d](data:image/png;base64,AA)\n",
    };
    const problems = publishProblems(files, (p) => p === "images/a.png");
    expect(problems).toEqual([
      expect.objectContaining({ severity: "warning", file: "index.md", where: "order" }),
      expect.objectContaining({
        severity: "warning",
        file: "01-a.md",
        line: 6,
        message: expect.stringContaining("../../images/x.svg is outside the lesson folder"),
      }),
      expect.objectContaining({ severity: "error", file: "01-a.md", line: 6, message: "picture images/b.png is not in the lesson folder" }),
    ]);
    expect(publishProblems({ "index.md": "---\norder: [01-a]\n---\n" }, () => true)).toEqual([]);
  });
});
