import { describe, expect, it } from "vitest";
import { validateLesson } from "./validate-lesson";

const index = "---\ntitle: {zh: 课, en: Lesson}\ndescription: {zh: 述, en: About}\n---\n";

describe("validateLesson", () => {
  it("is empty for a good lesson", () => {
    expect(validateLesson({ "index.md": index, "01-a.md": "---\nid: a\ntitle: {zh: 甲, en: A}\n---\n<!-- zh -->\n甲\n<!-- en -->\nA\n" })).toEqual([]);
  });

  it("warns about a history check that accepts engine-changing commands", () => {
    const problems = validateLesson({
      "index.md": index,
      "01-a.md": "---\nid: a\ntitle: {zh: 甲, en: A}\ncheck:\n  history: '^docker\\s+'\n---\n<!-- zh -->\n甲\n<!-- en -->\nA\n",
    });
    expect(problems).toEqual([expect.objectContaining({ severity: "warning", file: "01-a.md", where: "check" })]);
    expect(problems[0]!.message).toContain('accepts "docker run -d nginx"');
  });

  it("warns about an editor file that is not an absolute path", () => {
    const problems = validateLesson({
      "index.md": index,
      "01-a.md": "---\nid: a\ntitle: {zh: 甲, en: A}\n---\n```dockerfile title=Dockerfile\nFROM ubuntu\n```\n",
    });
    expect(problems.map((p) => p.message)).toEqual([
      "code block title=Dockerfile should be an absolute path in the guest (e.g. /root/Dockerfile)",
      "code block title=Dockerfile should be an absolute path in the guest (e.g. /root/Dockerfile)",
    ]);
  });
});
