import { describe, expect, it } from "vitest";
import { assignCookie } from "./navigation";

describe("document.cookie in the frame", () => {
  it("adds, replaces and deletes like a browser's document.cookie", () => {
    let view = "";
    view = assignCookie(view, "a=1; path=/");
    view = assignCookie(view, "b=2");
    expect(view).toBe("a=1; b=2");
    view = assignCookie(view, "a=3");
    expect(view).toBe("b=2; a=3");
    view = assignCookie(view, "b=; max-age=0");
    expect(view).toBe("a=3");
    view = assignCookie(view, "a=; expires=Thu, 01 Jan 1970 00:00:00 GMT");
    expect(view).toBe("");
    expect(assignCookie("x=1", "s=1; HttpOnly")).toBe("x=1");
  });
});
