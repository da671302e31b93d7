import type { Bilingual } from "../bilingual";
import type { CheckResult } from "../check-types";
import type { CheckSession } from "../check-session";
import type { ValueSite } from "../read-values";

/** What every check carries, whatever its kind. */
export interface CheckBase {
  /** The teacher's own words for the unmet condition (optional). */
  message?: Bilingual;
}

/**
 * One kind of condition (`image:`, `container:` …), whole in one file: its YAML keys, how it is parsed, how it
 * reads in words and how it is judged. A new kind is a file in src/lesson/predicates exporting one of these, its
 * line in CHECK_KINDS (predicates/index.ts) and its section in tutorials/README.md §4; the README's table of
 * kinds is generated from these definitions (`npx tsx scripts/check-kinds-table.ts`).
 */
export interface CheckKind<C extends CheckBase & { kind: string }> {
  /** The YAML key, which is also the parsed check's `kind`. */
  key: C["kind"];
  /** The key a plain string stands for: `image: nginx` is `image: {ref: nginx}`. */
  mainKey: string;
  /** Every key its mapping accepts (others are errors, with a suggestion). */
  keys: readonly string[];
  /** For the README's table: what the check asks for, and how it is judged (Markdown, one line each). */
  doc: { asks: string; judgedBy: string };
  /** The mapping under the key (already checked against `keys`) as a check; problems go to `site`. */
  parse(site: ValueSite, body: Record<string, unknown>, where: string): C | undefined;
  /** The condition as a statement, e.g. "a running container named web" — used by `any`, `not` and the UI. */
  describe(check: C): Bilingual;
  evaluate(check: C, session: CheckSession): Promise<CheckResult>;
  /** A warning for the lesson validator (a check that parses but is likely a mistake). */
  lint?(check: C): string | undefined;
}

export const PASS: CheckResult = Object.freeze({ ok: true, unmet: [] }) as CheckResult;

export function fail(...unmet: Bilingual[]): CheckResult {
  return { ok: false, unmet };
}
