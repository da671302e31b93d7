import { describe, expect, it } from "vitest";
import type { GuestApi } from "../vm/guest-api";
import { canSave, createEditorStore, DAEMON_JSON, languageFor } from "./editor-store";

function fileGuest(files: Record<string, string>) {
  const writes: string[] = [];
  const g = {
    readFile: async (p: string) => (p in files ? new TextEncoder().encode(files[p]) : null),
    writeFile: async (p: string, d: string | Uint8Array) => {
      writes.push(p);
      files[p] = typeof d === "string" ? d : new TextDecoder().decode(d);
    },
  } as unknown as GuestApi;
  return { g, files, writes };
}

describe("editor store", () => {
  it("picks highlighting from the file name", () => {
    expect(languageFor("/root/Dockerfile")).toBe("dockerfile");
    expect(languageFor("/srv/app/Dockerfile.dev")).toBe("dockerfile");
    expect(languageFor(DAEMON_JSON)).toBe("json");
    expect(languageFor("/root/run.sh")).toBe("shell");
    expect(languageFor("/root/notes")).toBe("plaintext");
  });

  it("opens a guest file, edits it and saves it back", async () => {
    const f = fileGuest({ [DAEMON_JSON]: '{\n  "registry-mirrors": []\n}\n' });
    const saved: string[] = [];
    const store = createEditorStore(
      (p) => saved.push(p),
      () => 7,
    );
    store.getState().attach(f.g);
    await store.getState().open(DAEMON_JSON);
    expect(store.getState()).toMatchObject({ status: "ready", exists: true, problem: null });
    expect(canSave(store.getState())).toBe(false);
    const next = '{ "insecure-registries": ["172.21.51.143:5000"] }\n';
    store.getState().setText(next);
    expect(canSave(store.getState())).toBe(true);
    expect(await store.getState().save()).toBe(true);
    expect(f.files[DAEMON_JSON]).toBe(next);
    expect(saved).toEqual([DAEMON_JSON]);
    expect(store.getState()).toMatchObject({ savedAt: 7, original: next });
  });

  it("blocks saving daemon.json while it is not valid JSON", async () => {
    const f = fileGuest({ [DAEMON_JSON]: "{}" });
    const store = createEditorStore();
    store.getState().attach(f.g);
    await store.getState().open(DAEMON_JSON);
    store.getState().setText("{ broken");
    expect(store.getState().problem).not.toBeNull();
    expect(canSave(store.getState())).toBe(false);
    expect(await store.getState().save()).toBe(false);
    expect(f.writes).toEqual([]);
  });

  it("opens a missing file as new and creates it on save", async () => {
    const f = fileGuest({});
    const store = createEditorStore();
    store.getState().attach(f.g);
    await store.getState().open("/root/Dockerfile");
    expect(store.getState()).toMatchObject({ status: "ready", exists: false, text: "" });
    store.getState().setText("FROM sandbox/busybox\n");
    expect(await store.getState().save()).toBe(true);
    expect(f.files["/root/Dockerfile"]).toBe("FROM sandbox/busybox\n");
  });

  it("refuses relative paths and binary files", async () => {
    const f = fileGuest({ "/bin/x": "\u0000ELF" });
    const store = createEditorStore();
    store.getState().attach(f.g);
    await store.getState().open("etc/hosts");
    expect(store.getState().error).toMatch(/absolute/);
    await store.getState().open("/bin/x");
    expect(store.getState()).toMatchObject({ status: "error", error: "this looks like a binary file" });
  });
});
