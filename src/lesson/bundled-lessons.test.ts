import { describe, expect, it } from "vitest";
import { lessonAssetPath, lessonAssetUrl } from "./bundled-lessons";

describe("lesson pictures", () => {
  it("resolves a picture's path against the lesson folder", () => {
    expect(lessonAssetPath("demo", "images/arch.png")).toBe("/tutorials/demo/images/arch.png");
    expect(lessonAssetPath("demo", "./images/arch.png")).toBe("/tutorials/demo/images/arch.png");
    expect(lessonAssetPath("docker-core-elements", "../../images/docker-architecture.svg")).toBe("/images/docker-architecture.svg");
    expect(lessonAssetPath("demo", "images/a.svg?v=1#x")).toBe("/tutorials/demo/images/a.svg");
  });

  it("leaves URLs, absolute paths and paths above the repository alone", () => {
    expect(lessonAssetPath("demo", "https://example.com/a.png")).toBeUndefined();
    expect(lessonAssetPath("demo", "data:image/png;base64,AA")).toBeUndefined();
    expect(lessonAssetPath("demo", "/images/a.png")).toBeUndefined();
    expect(lessonAssetPath("demo", "../../../a.png")).toBeUndefined();
  });

  it("bundles the shared pictures in images/ that the Docker lesson shows", () => {
    for (const f of ["docker-architecture.svg", "docker-commands.svg"]) {
      const url = lessonAssetUrl("docker-core-elements", `../../images/${f}`);
      expect(url, f).toBeTruthy();
      expect(url).toMatch(/docker-(architecture|commands)/);
    }
  });
});
