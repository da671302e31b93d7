import { describe, expect, it } from "vitest";
import { extractCodeBlocks } from "../../lesson/code-blocks";
import { renderInline, renderLessonText } from "./lesson-markdown";

const labels = { run: "运行", runTitle: "run it", copy: "复制", open: (p: string) => `open ${p}` };
const text = (markdown: string) => ({ markdown, blocks: extractCodeBlocks(markdown) });

describe("lesson markdown", () => {
  it("gives every command of a shell block its own run button, output stays text", () => {
    const html = renderLessonText(text("Try:\n\n```bash\n$ docker images\nREPOSITORY <none>\n$ docker ps\n```\n"), "demo", labels);
    expect(html.match(/data-action="run"/g)).toHaveLength(2);
    expect(html).toContain('data-block="0" data-cmd="1"');
    expect(html).toContain('<div class="sh-line sh-out">REPOSITORY &lt;none&gt;</div>');
  });

  it("offers titled files in the editor and escapes code", () => {
    const html = renderLessonText(text("```dockerfile title=/root/Dockerfile\nFROM a\nRUN echo '<b>'\n```\n"), "demo", labels);
    expect(html).toContain('data-action="open" data-path="/root/Dockerfile"');
    expect(html).toContain("RUN echo '&lt;b&gt;'");
  });

  it("opens external links in a new tab and renders inline hints", () => {
    expect(renderLessonText(text("[d](https://docs.docker.com)"), "demo", labels)).toContain('target="_blank" rel="noopener noreferrer"');
    expect(renderInline("use `docker run`")).toBe("use <code>docker run</code>");
  });
});
