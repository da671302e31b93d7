import { describe, expect, it } from "vitest";
import { readPageParams, withLessonParam } from "./page-params";

describe("page parameters", () => {
  it("reads embed, lang and lesson", () => {
    expect(readPageParams("")).toEqual({ embed: false });
    expect(readPageParams("?embed=1&lang=en")).toEqual({ embed: true, lang: "en" });
    expect(readPageParams("?lang=fr&embed=0")).toEqual({ embed: false });
    expect(readPageParams("?lesson=https%3A%2F%2Fexample.org%2Flab%2F")).toEqual({ embed: false, lesson: "https://example.org/lab/" });
  });

  it("sets and removes the lesson parameter, keeping the others", () => {
    expect(withLessonParam("https://s.org/app/?embed=1", "https://t.org/lab/")).toBe("https://s.org/app/?embed=1&lesson=https%3A%2F%2Ft.org%2Flab%2F");
    expect(withLessonParam("https://s.org/app/?lesson=x&lang=en", null)).toBe("https://s.org/app/?lang=en");
  });
});
