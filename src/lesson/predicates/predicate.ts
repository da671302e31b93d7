import type { Bilingual } from "../bilingual";
import type { CheckResult } from "../check-types";
import type { CheckSession } from "../check-session";

/** One kind of condition (`image:`, `container:` …): how it reads in words, and how it is judged. */
export interface Predicate<C> {
  /** The condition as a statement, e.g. "a running container named web" — used by `any` and `not`. */
  describe(check: C): Bilingual;
  evaluate(check: C, session: CheckSession): Promise<CheckResult>;
}

export const PASS: CheckResult = Object.freeze({ ok: true, unmet: [] }) as CheckResult;

export function fail(...unmet: Bilingual[]): CheckResult {
  return { ok: false, unmet };
}

/** “text” in Chinese, "text" in English. */
export function q(text: string): Bilingual {
  return { zh: `“${text}”`, en: `"${text}"` };
}
