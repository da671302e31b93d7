import { describe, expect, it } from "vitest";
import { describeFailure, fetchRemoteLesson, lessonFolderUrl, RemoteLessonError, remotePictureUrl } from "./remote-lesson";

const PAGE = "https://sandbox.example/app/?embed=1";
const BASE = "https://teacher.example/labs/net/";

function host(files: Record<string, string>, calls: string[] = []): typeof fetch {
  return (async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = String(input);
    calls.push(`${url} ${init?.credentials}`);
    if (url.startsWith("https://blocked.example/")) throw new TypeError("Failed to fetch");
    const path = url.startsWith(BASE) ? decodeURIComponent(url.slice(BASE.length)) : undefined;
    return path !== undefined && path in files ? new Response(files[path]) : new Response("not found", { status: 404 });
  }) as typeof fetch;
}

const index = "---\ntitle: {zh: 网络, en: Networks}\ndescription: {zh: 描述, en: About}\norder: [01-create, 02-run.md]\n---\n";
const step = (id: string) => `---\nid: ${id}\ntitle: {zh: ${id}, en: ${id}}\n---\ntext\n`;

async function failure(p: Promise<unknown>) {
  try {
    await p;
  } catch (e) {
    if (e instanceof RemoteLessonError) return e.failure;
    throw e;
  }
  throw new Error("no failure");
}

describe("lesson folder URL", () => {
  it("takes the folder of an address, relative to the page too; only http(s)", () => {
    expect(lessonFolderUrl("https://teacher.example/labs/net", PAGE)).toBe(BASE);
    expect(lessonFolderUrl("https://teacher.example/labs/net/index.md?x=1#top", PAGE)).toBe(BASE);
    expect(lessonFolderUrl("labs/one/", PAGE)).toBe("https://sandbox.example/app/labs/one/");
    expect(lessonFolderUrl("javascript:alert(1)", PAGE)).toBeUndefined();
    expect(lessonFolderUrl("file:///etc/", PAGE)).toBeUndefined();
    expect(lessonFolderUrl("http://[bad", PAGE)).toBeUndefined();
    expect(lessonFolderUrl("  ", PAGE)).toBeUndefined();
  });
});

describe("fetchRemoteLesson", () => {
  it("reads index.md, then the step files its order names, without credentials", async () => {
    const calls: string[] = [];
    const r = await fetchRemoteLesson(BASE + "index.md", PAGE, host({ "index.md": index, "01-create.md": step("create"), "02-run.md": step("run") }, calls));
    expect(r.url).toBe(BASE);
    expect(Object.keys(r.files).sort()).toEqual(["01-create.md", "02-run.md", "index.md"]);
    expect(r.problems).toEqual([]);
    expect(calls.every((c) => c.endsWith(" omit"))).toBe(true);
  });

  it("reports a step file that is not there as a problem of that file", async () => {
    const r = await fetchRemoteLesson(BASE, PAGE, host({ "index.md": index, "01-create.md": step("create") }));
    expect(r.problems).toEqual([{ severity: "error", file: "02-run.md", message: expect.stringContaining(`${BASE}02-run.md was not found (HTTP 404)`) }]);
  });

  it("fails with the reason when there is no lesson to show", async () => {
    expect(await failure(fetchRemoteLesson("ftp://x/", PAGE, host({})))).toEqual({ kind: "bad-url", url: "ftp://x/" });
    expect(await failure(fetchRemoteLesson(BASE, PAGE, host({})))).toEqual({ kind: "http", url: BASE + "index.md", status: 404 });
    expect(await failure(fetchRemoteLesson("https://blocked.example/lab/", PAGE, host({})))).toEqual({
      kind: "network",
      url: "https://blocked.example/lab/index.md",
    });
    expect(await failure(fetchRemoteLesson(BASE, PAGE, host({ "index.md": "---\ntitle: x\n---\n" })))).toEqual({ kind: "no-order", url: BASE + "index.md" });
    expect(await failure(fetchRemoteLesson(BASE, PAGE, host({ "index.md": "x".repeat(1_000_001) })))).toEqual({ kind: "too-large", url: BASE + "index.md" });
  });

  it("says every failure in both languages, naming the URL and the likely cause", () => {
    const m = describeFailure({ kind: "network", url: "https://blocked.example/lab/index.md" });
    expect(m.zh).toContain("https://blocked.example/lab/index.md");
    expect(m.zh).toContain("CORS");
    expect(m.en).toMatch(/CORS/);
    expect(describeFailure({ kind: "http", url: "u", status: 500 }).en).toContain("HTTP 500");
  });
});

describe("remote pictures", () => {
  it("come only from the lesson folder or a data: URL", () => {
    expect(remotePictureUrl(BASE, "images/a.png")).toBe(BASE + "images/a.png");
    expect(remotePictureUrl(BASE, "./a.png?x=1")).toBe(BASE + "a.png?x=1");
    expect(remotePictureUrl(BASE, "data:image/png;base64,AAAA")).toBe("data:image/png;base64,AAAA");
    expect(remotePictureUrl(BASE, "../other/a.png")).toBeUndefined();
    expect(remotePictureUrl(BASE, "https://tracker.example/pixel.gif")).toBeUndefined();
    expect(remotePictureUrl(BASE, "//tracker.example/p.gif")).toBeUndefined();
    expect(remotePictureUrl(BASE, "data:image/svg+xml,<svg onload=alert(1)>")).toBeUndefined();
    expect(remotePictureUrl(BASE, "javascript:alert(1)")).toBeUndefined();
  });
});
