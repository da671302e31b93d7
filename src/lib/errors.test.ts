import { describe, expect, it } from "vitest";
import { errText } from "./errors";

describe("errText", () => {
  it("is the message, the name of an error without one, or the thrown value as text", () => {
    expect(errText(new Error("boom"))).toBe("boom");
    expect(errText(new TypeError(""))).toBe("TypeError");
    expect(errText("plain")).toBe("plain");
    expect(errText(42)).toBe("42");
  });
});
