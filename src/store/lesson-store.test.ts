import { describe, expect, it } from "vitest";
import type { DockerEvent, GuestApi, GuestHttpResponse } from "../vm/guest-api";
import { memoryKv } from "../lib/kv";
import { openEngineEvents } from "../vm/engine-events";
import { createLessonStore, loadLessons } from "./lesson-store";

const files = {
  demo: {
    "index.md": "---\ntitle: {zh: 演示, en: Demo}\ndescription: {zh: 描述, en: Description}\n---\n",
    "01-read.md": "---\nid: read\ntitle: {zh: 阅读, en: Read}\n---\n<!-- zh -->\n读一读\n<!-- en -->\nRead this\n",
    "02-image.md":
      '---\nid: image\ntitle: {zh: 镜像, en: Image}\nsetup: ["docker pull x"]\ncheck:\n  image: {ref: "sandbox/busybox:latest"}\nhints:\n  zh: [提示]\n  en: [hint]\n---\n<!-- zh -->\n```bash\n$ docker images\n```\n<!-- en -->\n```bash\n$ docker images\n```\n',
  },
};

function reply(status: number, body: unknown): GuestHttpResponse {
  const text = JSON.stringify(body);
  return { status, headers: {}, body: new TextEncoder().encode(text), text: () => text, json: <T>() => JSON.parse(text) as T };
}

function engine(hasImage: () => boolean) {
  const listeners: ((e: DockerEvent) => void)[] = [];
  const execs: string[][] = [];
  const g = {
    engine: async (_m: string, path: string) => {
      if (path.startsWith("/images/sandbox/busybox:latest/json") || path.startsWith("/images/sandbox%2Fbusybox:latest/json") || path.includes("busybox")) {
        return hasImage()
          ? reply(200, { Id: "sha256:1", RepoTags: ["sandbox/busybox:latest"], Config: { Labels: null } })
          : reply(404, { message: "no such image" });
      }
      return reply(404, {});
    },
    engineEvents: async (_q: string, cb: (e: DockerEvent) => void) => {
      listeners.push(cb);
      return () => void listeners.splice(listeners.indexOf(cb), 1);
    },
    exec: async (argv: string[]) => {
      execs.push(argv);
      return { code: 0, out: "", err: "", stdout: new Uint8Array(), stderr: new Uint8Array() };
    },
  } as unknown as GuestApi;
  return { g, listeners, execs };
}

describe("lesson store", () => {
  it("loads bundled lessons, preferred first, and reports none broken here", () => {
    const entries = loadLessons({ ...files, other: files.demo }, ["other"]);
    expect(entries.map((e) => e.id)).toEqual(["other", "demo"]);
    expect(entries[0]!.errors).toEqual([]);
  });

  it("lets the learner read ahead before the machine is ready, and keeps progress in storage", () => {
    const kv = memoryKv();
    const store = createLessonStore({ files, kv, now: () => 1000 });
    expect(store.getState().progress!.currentStepId).toBe("read");
    store.getState().next();
    expect(store.getState().progress!.currentStepId).toBe("image");
    const again = createLessonStore({ files, kv, now: () => 2000 });
    expect(again.getState().progress!.currentStepId).toBe("image");
    expect(again.getState().progress!.steps.read!.status).toBe("passed");
  });

  it("checks the current step against the engine once attached", async () => {
    let has = false;
    const e = engine(() => has);
    const kv = memoryKv();
    const store = createLessonStore({ files, kv, now: () => 1000, checkOptions: { debounceMs: 5, timeoutMs: 200 } });
    store.getState().next();
    store.getState().attach(e.g, openEngineEvents(e.g, { since: 0 }));
    await new Promise((r) => setTimeout(r, 10));
    expect(store.getState().check?.result?.ok).toBe(false);
    has = true;
    store.getState().checkNow();
    await new Promise((r) => setTimeout(r, 20));
    expect(store.getState().progress!.steps.image!.status).toBe("passed");
    expect(JSON.parse(kv.get("docker-sandbox.progress.demo")!).steps.image.status).toBe("passed");
    store.getState().detach();
  });

  it("after Enter, checks again a few times until the step passes", async () => {
    let has = false;
    let checks = 0;
    const e = engine(() => (checks++, has));
    const store = createLessonStore({ files, kv: memoryKv(), now: () => 1000, checkOptions: { soonMs: [5, 30, 60], debounceMs: 5, timeoutMs: 200 } });
    store.getState().next();
    store.getState().attach(e.g, openEngineEvents(e.g, { since: 0 }));
    await new Promise((r) => setTimeout(r, 5));
    const before = checks;
    store.getState().checkSoon();
    await new Promise((r) => setTimeout(r, 15));
    expect(checks).toBe(before + 1);
    has = true;
    await new Promise((r) => setTimeout(r, 25));
    expect(store.getState().progress!.steps.image!.status).toBe("passed");
    const after = checks;
    await new Promise((r) => setTimeout(r, 50));
    expect(checks).toBe(after);
    store.getState().detach();
  });

  it("runs a step's setup in the guest, then enters the step", async () => {
    const e = engine(() => false);
    const store = createLessonStore({ files, kv: memoryKv(), now: () => 1000, checkOptions: { debounceMs: 5, timeoutMs: 200 } });
    store.getState().attach(e.g, openEngineEvents(e.g, { since: 0 }));
    await store.getState().runSetup("image");
    expect(e.execs).toEqual([["/bin/bash", "-c", "docker pull x"]]);
    expect(store.getState().progress!.currentStepId).toBe("image");
    store.getState().detach();
  });

  it("clearing progress starts the lesson afresh", () => {
    const kv = memoryKv();
    const store = createLessonStore({ files, kv, now: () => 1000 });
    store.getState().next();
    store.getState().clearProgress();
    expect(store.getState().progress!.currentStepId).toBe("read");
    expect(kv.get("docker-sandbox.progress.demo")).toBeNull();
  });

  it("adds a valid lesson read at run time under its URL, keeps its progress there, and refuses one with errors", () => {
    const kv = memoryKv();
    const url = "https://t.example/lab/";
    const store = createLessonStore({ files, kv, now: () => 1000 });
    const broken = store.getState().addLesson({ id: url, url, files: { "index.md": "---\ntitle: x\n---\n" } });
    expect(broken.some((p) => p.severity === "error" && p.file === "index.md")).toBe(true);
    expect(store.getState().lessons.map((l) => l.id)).toEqual(["demo"]);

    expect(
      store
        .getState()
        .addLesson({ id: url, url, files: files.demo })
        .filter((p) => p.severity === "error"),
    ).toEqual([]);
    expect(store.getState().lessonId).toBe(url);
    expect(store.getState().lessons.find((l) => l.id === url)!.url).toBe(url);
    store.getState().next();
    store.getState().noteRun();
    expect(JSON.parse(kv.get(`docker-sandbox.progress.${url}`)!).steps.image.runsUsed).toBe(1);
    expect(kv.get("docker-sandbox.progress.demo") ?? "").not.toContain("runsUsed");

    // the same folder again (a teacher's edit): progress and current step kept
    const edited = { ...files.demo, "01-read.md": files.demo["01-read.md"].replace("Read this", "Read this, edited") };
    store.getState().addLesson({ id: url, url, files: edited });
    expect(store.getState().progress!.currentStepId).toBe("image");
    expect(store.getState().lesson!.steps[0]!.body.en.markdown).toContain("edited");
  });
});
