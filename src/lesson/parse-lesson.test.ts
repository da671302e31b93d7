import { describe, expect, it } from "vitest";
import { LessonFormatError } from "./lesson-problem";
import { parseLesson, readLesson } from "./parse-lesson";

const index = `---
title: {zh: 课程, en: Lesson}
description: {zh: 描述, en: About}
---
<!-- zh -->
介绍
<!-- en -->
Intro
`;

const step = (front: string, body = "<!-- zh -->\n中文\n<!-- en -->\nEnglish\n") => `---\n${front}\n---\n${body}`;

describe("parseLesson", () => {
  it("reads index, steps in name order, bilingual bodies and code blocks", () => {
    const lesson = parseLesson(
      {
        "index.md": index,
        "10-last.md": step("id: last\ntitle: {zh: 最后, en: Last}"),
        "02-pull.md": step(
          [
            "id: pull",
            "title: {zh: 拉取镜像, en: Pull an image}",
            'section: "操作演示 2"',
            "setup: [docker rmi -f nginx:alpine]",
            "check:",
            "  image: {ref: nginx:alpine}",
            "hints:",
            "  zh: [用 docker pull, 镜像名是 nginx:alpine]",
            "  en: [Use docker pull, The image is nginx:alpine]",
            "solution: [docker pull nginx:alpine]",
          ].join("\n"),
          "<!-- zh -->\n拉取镜像：\n\n```bash\n$ docker pull nginx:alpine\n```\n<!-- en -->\nPull it:\n\n```bash\n$ docker pull nginx:alpine\n```\n",
        ),
      },
      { id: "demo" },
    );
    expect(lesson.id).toBe("demo");
    expect(lesson.title).toEqual({ zh: "课程", en: "Lesson" });
    expect(lesson.intro.zh.markdown).toBe("介绍");
    expect(lesson.intro.en.markdown).toBe("Intro");
    expect(lesson.steps.map((s) => s.id)).toEqual(["pull", "last"]);
    const pull = lesson.steps[0]!;
    expect(pull).toMatchObject({
      file: "02-pull.md",
      section: "操作演示 2",
      setup: ["docker rmi -f nginx:alpine"],
      check: { kind: "image", ref: "nginx:alpine", exists: true },
      hints: { zh: ["用 docker pull", "镜像名是 nginx:alpine"], en: ["Use docker pull", "The image is nginx:alpine"] },
      solution: ["docker pull nginx:alpine"],
    });
    expect(pull.body.zh.blocks[0]!.commands[0]!.text).toBe("docker pull nginx:alpine");
    expect(pull.body.en.markdown.startsWith("Pull it:")).toBe(true);
    expect(lesson.steps[1]!.check).toBeUndefined();
  });

  it("follows order: from index.md, with or without .md", () => {
    const lesson = parseLesson({
      "index.md": index.replace("---\n<!--", "order: [b, a.md]\n---\n<!--"),
      "a.md": step("id: a\ntitle: A"),
      "b.md": step("id: b\ntitle: B"),
    });
    expect(lesson.steps.map((s) => s.id)).toEqual(["b", "a"]);
  });

  it("expands a bare list check into all", () => {
    const lesson = parseLesson({
      "index.md": index,
      "01-x.md": step("id: x\ntitle: X\ncheck:\n  - image: nginx:alpine\n  - container: {name: web, state: running}"),
    });
    expect(lesson.steps[0]!.check).toEqual({
      kind: "all",
      checks: [
        { kind: "image", ref: "nginx:alpine", exists: true },
        { kind: "container", name: "web", state: "running", exists: true },
      ],
    });
  });

  it("throws one error that lists every problem, with file and key path", () => {
    const files = {
      "index.md": index,
      "01-a.md": step("id: same\ntitle: A\nchek: {}"),
      "02-b.md": step("id: same\ntitle: B\ncheck:\n  container: {name: web, state: runing}"),
    };
    let error: unknown;
    try {
      parseLesson(files, { id: "broken" });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(LessonFormatError);
    const problems = (error as LessonFormatError).problems;
    expect(problems.map((p) => [p.file, p.where])).toEqual([
      ["01-a.md", "chek"],
      ["02-b.md", "check.container.state"],
      ["02-b.md", "id"],
    ]);
    expect(problems[0]!.message).toContain('did you mean "check"?');
    expect(problems[1]!.message).toContain("running");
    expect((error as Error).message).toContain('step id "same" is already used by 01-a.md');
  });

  it("reads expectedErrors: solution commands that fail on purpose, each with a text of its error", () => {
    const front = (errors: string) =>
      ["id: push", "title: {zh: 推送, en: Push}", "solution:", "  - docker tag a b", "  - docker push 172.21.51.143:5000/nginx:alpine", errors].join("\n");
    const lesson = parseLesson({
      "index.md": index,
      "01-push.md": step(front("expectedErrors:\n  docker push 172.21.51.143:5000/nginx:alpine: HTTP response to HTTPS client")),
    });
    expect(lesson.steps[0]!.expectedErrors).toEqual({ "docker push 172.21.51.143:5000/nginx:alpine": "HTTP response to HTTPS client" });
    expect(parseLesson({ "index.md": index, "01-push.md": step(front("")) }).steps[0]!.expectedErrors).toBeUndefined();
    const { problems } = readLesson({ "index.md": index, "01-push.md": step(front("expectedErrors:\n  docker pus b: denied\n  docker tag a b: ''")) });
    expect(problems.map((p) => [p.where, p.message.slice(0, 30)])).toEqual([
      ["expectedErrors.docker pus b", '"docker pus b" is not one of t'],
      ["expectedErrors.docker tag a b", "give a text the command's erro"],
    ]);
  });

  it("reports a YAML error with its line in the file", () => {
    const { problems } = readLesson({ "index.md": index, "01-a.md": "---\nid: a\ntitle: [unclosed\n---\nx\n" });
    expect(problems.some((p) => p.file === "01-a.md" && p.severity === "error" && p.line !== undefined && p.message.startsWith("YAML:"))).toBe(true);
  });

  it("warns about a missing language and falls back to the other one", () => {
    const { lesson, problems } = readLesson({ "index.md": index, "01-a.md": step("id: a\ntitle: {zh: 只有中文}", "<!-- zh -->\n只有中文\n") });
    expect(lesson.steps[0]!.title.en).toBe("只有中文");
    expect(lesson.steps[0]!.body.en.markdown).toBe("只有中文");
    expect(problems.every((p) => p.severity === "warning")).toBe(true);
    expect(problems.map((p) => p.where ?? "body")).toEqual(["title", "body"]);
  });

  it("uses the file name when a step has no id, with a warning", () => {
    const { lesson, problems } = readLesson({ "index.md": index, "01-hello.md": step("title: Hi") });
    expect(lesson.steps[0]!.id).toBe("01-hello");
    expect(problems).toEqual([expect.objectContaining({ severity: "warning", file: "01-hello.md", where: "id" })]);
  });

  it("errors on a missing index.md, a missing order entry and a step without frontmatter", () => {
    const { problems } = readLesson({ "01-a.md": "just text" });
    expect(problems.filter((p) => p.severity === "error").map((p) => p.file)).toEqual(["index.md", "01-a.md", "01-a.md"]);
    const r = readLesson({ "index.md": index.replace("---\n<!--", "order: [missing]\n---\n<!--") });
    expect(r.problems[0]).toMatchObject({ severity: "error", file: "index.md", where: "order[0]" });
  });
});
