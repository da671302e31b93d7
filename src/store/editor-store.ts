import { createStore, type StoreApi } from "zustand/vanilla";
import { errText } from "../lib/errors";
import type { GuestApi } from "../vm/guest-api";
import { jsonProblem, type JsonProblem } from "../lib/json-problem";

export const DAEMON_JSON = "/etc/docker/daemon.json";
export const DOCKERFILE = "/root/Dockerfile";
/** Files the picker always offers; a lesson adds the ones its code blocks name. */
export const COMMON_FILES = [DOCKERFILE, DAEMON_JSON];
export const MAX_EDIT_BYTES = 1_000_000;

export type EditorLanguage = "dockerfile" | "json" | "shell" | "yaml" | "ini" | "html" | "plaintext";

export function languageFor(path: string): EditorLanguage {
  const name = path.split("/").pop() ?? "";
  if (/^(Dockerfile|Containerfile)([.-].*)?$/i.test(name) || /\.dockerfile$/i.test(name)) return "dockerfile";
  if (/\.json$/i.test(name)) return "json";
  if (/\.(sh|bash)$/i.test(name) || /^\.(bashrc|profile)$/.test(name)) return "shell";
  if (/\.ya?ml$/i.test(name)) return "yaml";
  if (/\.(conf|ini|cnf|service)$/i.test(name)) return "ini";
  if (/\.html?$/i.test(name)) return "html";
  return "plaintext";
}

/** A guest path the editor may open: absolute, no NUL, no trailing slash. */
export function checkPath(path: string): string | null {
  const p = path.trim();
  if (!p.startsWith("/")) return "the path must be absolute (start with /)";
  if (p.includes("\0")) return "the path contains a NUL byte";
  if (p.endsWith("/")) return "that is a directory";
  return null;
}

export interface EditorState {
  path: string | null;
  text: string;
  /** What the file held when opened or last saved. */
  original: string;
  /** False for a new file (saving creates it). */
  exists: boolean;
  status: "idle" | "loading" | "ready" | "saving" | "error";
  error: string | null;
  savedAt: number | null;
  /** JSON files: the syntax error that blocks saving. */
  problem: JsonProblem | null;
  /** Bumps each time text is read from the guest (the editor view replaces its buffer then). */
  loads: number;
  attach(guest: GuestApi): void;
  detach(): void;
  open(path: string): Promise<void>;
  setText(text: string): void;
  save(): Promise<boolean>;
}

function problemFor(path: string | null, text: string): JsonProblem | null {
  if (!path || languageFor(path) !== "json") return null;
  return jsonProblem(text, path === DAEMON_JSON);
}

export function canSave(s: Pick<EditorState, "status" | "problem" | "text" | "original" | "exists" | "path">): boolean {
  return !!s.path && s.status === "ready" && s.problem === null && (s.text !== s.original || !s.exists);
}

/** The file open in the editor: read and written inside the guest through the guest channel. */
export function createEditorStore(onSaved: (path: string) => void = () => {}, now: () => number = () => Date.now()): StoreApi<EditorState> {
  let guest: GuestApi | null = null;
  let opening = 0;
  return createStore<EditorState>()((set, get) => ({
    path: null,
    text: "",
    original: "",
    exists: false,
    status: "idle",
    error: null,
    savedAt: null,
    problem: null,
    loads: 0,
    attach(g) {
      guest = g;
      const p = get().path;
      // After a reset the file may differ: read it again unless the learner has unsaved changes.
      if (p && get().text === get().original) void get().open(p);
    },
    detach() {
      guest = null;
    },
    async open(rawPath) {
      const path = rawPath.trim();
      const bad = checkPath(path);
      if (bad) {
        set({ error: bad });
        return;
      }
      const token = ++opening;
      set({ path, status: "loading", error: null, savedAt: null });
      if (!guest) {
        set({ status: "error", error: "the VM is not ready" });
        return;
      }
      try {
        const bytes = await guest.readFile(path);
        if (token !== opening) return;
        if (bytes && bytes.length > MAX_EDIT_BYTES) throw new Error(`the file is too large to edit here (${bytes.length} bytes)`);
        if (bytes && bytes.includes(0)) throw new Error("this looks like a binary file");
        const text = bytes ? new TextDecoder().decode(bytes) : "";
        set((st) => ({ text, original: text, exists: bytes !== null, status: "ready", problem: bytes ? problemFor(path, text) : null, loads: st.loads + 1 }));
      } catch (e) {
        if (token === opening) set({ status: "error", error: errText(e), text: "", original: "" });
      }
    },
    setText(text) {
      if (text === get().text) return;
      set({ text, problem: problemFor(get().path, text) });
    },
    async save() {
      const s = get();
      if (!canSave(s) || !guest) return false;
      const { path, text } = s;
      set({ status: "saving", error: null });
      try {
        await guest.writeFile(path!, text);
        set({ status: "ready", original: text, exists: true, savedAt: now() });
        onSaved(path!);
        return true;
      } catch (e) {
        set({ status: "ready", error: errText(e) });
        return false;
      }
    },
  }));
}
