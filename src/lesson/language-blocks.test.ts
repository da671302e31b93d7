import { describe, expect, it } from "vitest";
import { splitLanguageBlocks } from "./language-blocks";

describe("splitLanguageBlocks", () => {
  it("gives shared text to both languages and each section to its own", () => {
    const md = ["![](images/arch.png)", "", "<!-- zh -->", "镜像是静态的文件。", "", "<!-- en -->", "An image is a static file.", ""].join("\n");
    const b = splitLanguageBlocks(md);
    expect(b.zh).toBe("![](images/arch.png)\n\n镜像是静态的文件。");
    expect(b.en).toBe("![](images/arch.png)\n\nAn image is a static file.");
    expect(b.found).toEqual(["zh", "en"]);
  });

  it("joins alternating sections in order", () => {
    const md = "<!-- zh -->\n一\n<!-- en -->\none\n<!-- zh -->\n二\n<!-- en -->\ntwo\n";
    const b = splitLanguageBlocks(md);
    expect(b.zh).toBe("一\n\n二");
    expect(b.en).toBe("one\n\ntwo");
  });

  it("does not take a marker inside a code fence for a marker", () => {
    const md = "<!-- zh -->\n中文\n\n```markdown\n<!-- en -->\n```\n<!-- en -->\nEnglish\n";
    const b = splitLanguageBlocks(md);
    expect(b.zh).toContain("```markdown\n<!-- en -->\n```");
    expect(b.en).toBe("English");
  });

  it("reports markers that are indented inside a list and ignores them", () => {
    const md = "- item\n\n  <!-- en -->\n  text\n";
    const b = splitLanguageBlocks(md);
    expect(b.nestedMarkers).toEqual([2]);
    expect(b.found).toEqual([]);
    expect(b.zh).toBe(b.en);
  });

  it("accepts a marker right under a paragraph (no blank line)", () => {
    const b = splitLanguageBlocks("<!-- zh -->\n你好\n<!-- en -->\nHello");
    expect(b.zh).toBe("你好");
    expect(b.en).toBe("Hello");
  });
});
