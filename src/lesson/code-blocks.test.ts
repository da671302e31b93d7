import { describe, expect, it } from "vitest";
import { extractCodeBlocks, parseFenceInfo } from "./code-blocks";

describe("extractCodeBlocks", () => {
  it("finds fences nested in list items, in order, with runnable commands", () => {
    const md = [
      "1. 查看镜像列表",
      "",
      "   ```bash",
      "   $ docker images",
      "   ```",
      "",
      "2. 创建 Dockerfile",
      "",
      "   ```dockerfile title=/root/Dockerfile",
      "   FROM ubuntu",
      "   ```",
    ].join("\n");
    const blocks = extractCodeBlocks(md);
    expect(blocks).toHaveLength(2);
    expect(blocks[0]).toMatchObject({ index: 0, lang: "bash", runnable: true, line: 2 });
    expect(blocks[0]!.commands.map((c) => c.text)).toEqual(["docker images"]);
    expect(blocks[1]).toMatchObject({ index: 1, lang: "dockerfile", runnable: false, title: "/root/Dockerfile", code: "FROM ubuntu\n", commands: [] });
  });

  it("does not run blocks of other languages", () => {
    const blocks = extractCodeBlocks('```json\n{"a": 1}\n```\n\n```\n$ not a command\n```\n');
    expect(blocks.map((b) => b.runnable)).toEqual([false, false]);
  });
});

describe("parseFenceInfo", () => {
  it("reads the language and key=value words, quoted or not", () => {
    expect(parseFenceInfo('dockerfile title="/root/my app/Dockerfile" readonly')).toEqual({
      lang: "dockerfile",
      attrs: { title: "/root/my app/Dockerfile", readonly: "" },
    });
    expect(parseFenceInfo("")).toEqual({ lang: "", attrs: {} });
  });
});
