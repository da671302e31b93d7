import { describe, expect, it } from "vitest";
import { interruptAfter } from "./interrupt";
import { parseLesson } from "./parse-lesson";
import { readLessonFolder } from "./read-lesson-folder";
import { join } from "node:path";

describe("interrupt: solution commands that run until Ctrl-C", () => {
  const check = { history: { matches: "x" } } as never;
  it("tells the walks when to press Ctrl-C", () => {
    expect(interruptAfter({ interrupt: ["docker logs -f nginx"], check }, "docker logs -f nginx")).toBe("time");
    expect(interruptAfter({ interrupt: ["docker run --memory=500m nginx:alpine"], check }, "docker run --memory=500m nginx:alpine")).toBe("check");
    expect(interruptAfter({ interrupt: ["docker run nginx"] }, "docker run nginx")).toBe("time");
    expect(interruptAfter({ check }, "docker logs -f nginx")).toBeNull();
    expect(interruptAfter({ interrupt: ["docker logs -f nginx"], check }, "docker ps")).toBeNull();
  });

  it("the seed lesson marks its foreground commands", () => {
    const lesson = parseLesson(readLessonFolder(join(__dirname, "../../tutorials/docker-core-elements")), { id: "docker-core-elements" });
    const marked = lesson.steps.flatMap((s) => (s.interrupt ?? []).map((c) => `${s.id}: ${c}`));
    expect(marked).toEqual([
      "demo-run-memory: docker run --memory=500m nginx:alpine",
      "demo-logs-follow: docker logs -f nginx",
      "demo-logs-follow: docker logs --tail=100 -f nginx",
    ]);
  });
});
