import { describe, expect, it } from "vitest";
import { watchFolder, type DirHandle, type FileHandle, type FolderContent } from "./folder-watch";

/** A folder in memory: path → [text, lastModified]. */
function fakeDir(name: string, files: Map<string, [string, number]>, prefix = ""): DirHandle {
  return {
    kind: "directory",
    name,
    async *values() {
      const seen = new Set<string>();
      for (const path of files.keys()) {
        if (!path.startsWith(prefix)) continue;
        const rest = path.slice(prefix.length);
        const [head, ...tail] = rest.split("/");
        if (tail.length) {
          if (!seen.has(head!)) {
            seen.add(head!);
            yield fakeDir(head!, files, `${prefix}${head}/`);
          }
        } else {
          const handle: FileHandle = {
            kind: "file",
            name: head!,
            getFile: async () => new File([files.get(path)![0]], head!, { lastModified: files.get(path)![1] }),
          };
          yield handle;
        }
      }
    },
  };
}

const tick = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("folder watch", () => {
  it("reads Markdown and pictures, skips hidden entries, and reads again only when a file changed", async () => {
    const files = new Map<string, [string, number]>([
      ["index.md", ["# index", 1]],
      ["01-a.md", ["a", 1]],
      ["images/x.png", ["png", 1]],
      [".git/config", ["x", 1]],
      ["notes.txt", ["x", 1]],
    ]);
    const reads: FolderContent[] = [];
    const stop = watchFolder(fakeDir("lab", files), {
      onRead: (c) => reads.push(c),
      onError: (e) => {
        throw e;
      },
      pollMs: 10,
    });
    await tick(40);
    expect(reads).toHaveLength(1);
    expect(Object.keys(reads[0]!.markdown).sort()).toEqual(["01-a.md", "index.md"]);
    expect([...reads[0]!.pictures.keys()]).toEqual(["images/x.png"]);
    expect(reads[0]!.changed.sort()).toEqual(["01-a.md", "images/x.png", "index.md"]);

    files.set("01-a.md", ["a, edited", 2]);
    await tick(40);
    expect(reads).toHaveLength(2);
    expect(reads[1]!.changed).toEqual(["01-a.md"]);
    expect(reads[1]!.markdown["01-a.md"]).toBe("a, edited");

    files.delete("images/x.png");
    await tick(40);
    expect(reads).toHaveLength(3);
    expect(reads[2]!.pictures.size).toBe(0);
    stop();
    files.set("index.md", ["changed after stop", 3]);
    await tick(40);
    expect(reads).toHaveLength(3);
  });
});
