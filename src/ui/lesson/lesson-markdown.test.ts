import { describe, expect, it } from "vitest";
import { extractCodeBlocks } from "../../lesson/code-blocks";
import { remotePictureUrl } from "../../lesson/remote-lesson";
import { renderInline, renderLessonText, type LessonOrigin } from "./lesson-markdown";

const labels = { run: "运行", runTitle: "run it", copy: "复制", open: (p: string) => `open ${p}` };
const text = (markdown: string) => ({ markdown, blocks: extractCodeBlocks(markdown) });
const bundled: LessonOrigin = { id: "demo" };
const BASE = "https://teacher.example/lab/";
const remote: LessonOrigin = { id: BASE, linkBase: BASE, resolveImage: (src) => remotePictureUrl(BASE, src) };

describe("lesson markdown", () => {
  it("gives every command of a shell block its own run button, output stays text", () => {
    const html = renderLessonText(text("Try:\n\n```bash\n$ docker images\nREPOSITORY <none>\n$ docker ps\n```\n"), bundled, labels);
    expect(html.match(/data-action="run"/g)).toHaveLength(2);
    expect(html).toContain('data-block="0" data-cmd="1"');
    expect(html).toContain('<div class="sh-line sh-out">REPOSITORY &lt;none&gt;</div>');
  });

  it("offers titled files in the editor and escapes code", () => {
    const html = renderLessonText(text("```dockerfile title=/root/Dockerfile\nFROM a\nRUN echo '<b>'\n```\n"), bundled, labels);
    expect(html).toContain('data-action="open" data-path="/root/Dockerfile"');
    expect(html).toContain("RUN echo '&lt;b&gt;'");
  });

  it("opens external links in a new tab and renders inline hints", () => {
    expect(renderLessonText(text("[d](https://docs.docker.com)"), bundled, labels)).toContain('target="_blank" rel="noopener noreferrer"');
    expect(renderInline("use `docker run`", bundled)).toBe("use <code>docker run</code>");
  });

  it("renders a lesson from a URL inert: raw HTML as text, no script links, pictures only from its folder", () => {
    const payload = [
      "<script>alert(1)</script>",
      "",
      '<img src=x onerror="alert(2)">',
      "",
      "[click](javascript:alert(3)) [next](02-next.md) [docs](https://docs.docker.com)",
      "",
      "![ok](images/a.png) ![far](https://tracker.example/p.gif) ![up](../x.png)",
    ].join("\n");
    const html = renderLessonText(text(payload), remote, labels);
    expect(html).not.toMatch(/<script|<img src="x"|onerror="|href="javascript:/i);
    expect(html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(html).toContain(`<a href="${BASE}02-next.md" target="_blank" rel="noopener noreferrer">next</a>`);
    expect(html).toContain('<a href="https://docs.docker.com" target="_blank" rel="noopener noreferrer">docs</a>');
    expect(html).toContain(`<img src="${BASE}images/a.png" alt="ok" loading="lazy">`);
    expect(html).toContain('<span class="image-left-out">[far]</span>');
    expect(html).toContain('<span class="image-left-out">[up]</span>');
    expect(renderInline('a <b onmouseover="x()">hint</b>', remote)).toBe("a &lt;b onmouseover=&quot;x()&quot;&gt;hint&lt;/b&gt;");
  });
});
