import type { Bilingual } from "./bilingual";
import type { LeafCheck } from "./predicates";
import type { CheckBase } from "./predicates/predicate";
import type { DockerEvent, GuestApi } from "../vm/guest-api";

export type { CheckBase, LeafCheck };

/**
 * A declarative step check, as the parser hands it to the evaluator: the YAML a teacher wrote, normalised
 * (shorthands expanded, defaults filled in) and tagged with `kind`. The combinators are here; every other kind is
 * defined, whole, in its own file under predicates/ (listed in predicates/index.ts).
 * Every check may carry `message`, which replaces the generated "unmet" text when it fails.
 */
export type Check = AllCheck | AnyCheck | NotCheck | LeafCheck;

export interface AllCheck extends CheckBase {
  kind: "all";
  checks: Check[];
}

export interface AnyCheck extends CheckBase {
  kind: "any";
  checks: Check[];
}

export interface NotCheck extends CheckBase {
  kind: "not";
  check: Check;
}

/** What `evaluateCheck` needs from the page (or a test). */
export interface CheckContext {
  guest: GuestApi;
  /** When the current step began, seconds since epoch (guest clock). */
  stepStartedAt: number;
  /** Engine events received (an `event` check with `since: step` looks at those since the step began). */
  events: DockerEvent[];
  /** Give up on one condition after this long (default 20 s). */
  timeoutMs?: number;
}

/** The verdict on a check: every unmet condition in plain words. */
export interface CheckResult {
  ok: boolean;
  unmet: Bilingual[];
}
