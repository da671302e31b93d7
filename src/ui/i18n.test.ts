import { describe, expect, it } from "vitest";
import { MESSAGES, translate } from "./i18n";

describe("i18n", () => {
  it("has every string in Chinese and English", () => {
    for (const [key, v] of Object.entries(MESSAGES)) {
      expect(v.zh, key).not.toBe("");
      expect(v.en, key).not.toBe("");
    }
  });

  it("fills parameters", () => {
    expect(translate("zh", "stepOf", { n: 2, total: 45 })).toBe("第 2 / 45 步");
    expect(translate("en", "bootMb", { loaded: "1.0", total: "40.4" })).toBe("1.0 / 40.4 MB");
  });
});
