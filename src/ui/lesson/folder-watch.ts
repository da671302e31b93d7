/**
 * Following a lesson folder on the teacher's disk (File System Access API handles): read it, then poll it and read
 * it again when a file changed. No React, no store (local-folder.ts connects it to the page); unit-tested with fakes.
 */

/** The parts of the File System Access API used here (not in every TypeScript DOM library yet). */
export interface DirHandle {
  kind: "directory";
  name: string;
  values(): AsyncIterable<DirHandle | FileHandle>;
}
export interface FileHandle {
  kind: "file";
  name: string;
  getFile(): Promise<File>;
}

export interface FolderContent {
  /** Markdown files by path relative to the folder. */
  markdown: Record<string, string>;
  /** Pictures by path relative to the folder. */
  pictures: Map<string, File>;
  /** Paths whose content changed since the last read (every path on the first read). */
  changed: string[];
}

export interface FolderWatchOptions {
  onRead(content: FolderContent): void;
  onError(error: unknown): void;
  pollMs?: number;
}

const PICTURE = /\.(png|jpe?g|gif|webp)$/i;
/** Folders deeper than this are not lesson material. */
const MAX_DEPTH = 3;

/** Path → "lastModified:size" of every lesson file (Markdown, pictures) in the folder; hidden entries skipped. */
async function stampsOf(dir: DirHandle, prefix = "", depth = 0, out = new Map<string, { handle: FileHandle; stamp: string }>()) {
  for await (const entry of dir.values()) {
    if (entry.name.startsWith(".")) continue;
    const path = prefix + entry.name;
    if (entry.kind === "directory") {
      if (depth < MAX_DEPTH) await stampsOf(entry, `${path}/`, depth + 1, out);
    } else if (entry.name.endsWith(".md") || PICTURE.test(entry.name)) {
      const file = await entry.getFile();
      out.set(path, { handle: entry, stamp: `${file.lastModified}:${file.size}` });
    }
  }
  return out;
}

/** Reads the folder now, then every `pollMs` when something changed. Returns a function that stops it. */
export function watchFolder(dir: DirHandle, options: FolderWatchOptions): () => void {
  const pollMs = options.pollMs ?? 1000;
  let known = new Map<string, string>();
  let first = true;
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | undefined;

  const read = async () => {
    const now = await stampsOf(dir);
    const changed = [...now].filter(([path, f]) => known.get(path) !== f.stamp).map(([path]) => path);
    const removed = [...known.keys()].some((path) => !now.has(path));
    if (!first && !changed.length && !removed) return;
    first = false;
    known = new Map([...now].map(([path, f]) => [path, f.stamp]));
    const content: FolderContent = { markdown: {}, pictures: new Map(), changed };
    for (const [path, { handle }] of now) {
      const file = await handle.getFile();
      if (path.endsWith(".md")) content.markdown[path] = await file.text();
      else content.pictures.set(path, file);
    }
    if (!stopped) options.onRead(content);
  };

  const loop = async () => {
    try {
      await read();
    } catch (e) {
      if (!stopped) options.onError(e);
    }
    if (!stopped) timer = setTimeout(() => void loop(), pollMs);
  };
  void loop();
  return () => {
    stopped = true;
    clearTimeout(timer);
  };
}
