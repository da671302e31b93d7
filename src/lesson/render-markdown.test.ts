import { describe, expect, it } from "vitest";
import { extractCodeBlocks } from "./code-blocks";
import { renderLessonHtml } from "./render-markdown";

describe("renderLessonHtml", () => {
  it("puts a numbered placeholder where each fence was, matching the parsed blocks", () => {
    const markdown = "1. 拉取\n\n   ```bash\n   $ docker pull nginx:alpine\n   ```\n\n2. 查看\n\n   ```bash\n   $ docker images\n   ```\n";
    const blocks = extractCodeBlocks(markdown);
    const html = renderLessonHtml({ markdown, blocks });
    expect(html.match(/data-block="\d"/g)).toEqual(['data-block="0"', 'data-block="1"']);
    expect(html).not.toContain("docker pull");
    expect(blocks).toHaveLength(2);
  });

  it("resolves pictures and opens outside links in a new tab", () => {
    const html = renderLessonHtml(
      { markdown: "![架构](images/arch.png) [docs](https://docs.docker.com/registry/)", blocks: [] },
      { resolveImage: (src) => `/assets/${src.replace("images/", "")}` },
    );
    expect(html).toContain('<img src="/assets/arch.png" alt="架构">');
    expect(html).toContain('<a href="https://docs.docker.com/registry/" target="_blank" rel="noopener noreferrer">docs</a>');
  });
});
