import { describe, expect, it } from "vitest";
import { withTimeout } from "./timeout";

describe("withTimeout", () => {
  it("passes the value or the rejection through when in time", async () => {
    await expect(withTimeout(Promise.resolve(7), 50, () => new Error("late"))).resolves.toBe(7);
    await expect(withTimeout(Promise.reject(new Error("no")), 50, () => new Error("late"))).rejects.toThrow("no");
  });

  it("rejects with the given error when the promise is late", async () => {
    await expect(withTimeout(new Promise(() => {}), 10, () => new RangeError("late"))).rejects.toBeInstanceOf(RangeError);
  });
});
