import type { Check } from "./check-types";
import { ProblemSink } from "./lesson-problem";
import { CHECK_KINDS, checkKind } from "./predicates";
import { checkKeys, isRecord, join, readBilingual, readBody, typeName, type ValueSite } from "./read-values";

const COMBINATORS = ["all", "any", "not"] as const;
const CHECK_KEYS: readonly string[] = [...COMBINATORS, ...CHECK_KINDS.map((k) => k.key)];

/**
 * Turn the YAML value under `check:` into a `Check`, reporting every problem to `site`.
 * Returns undefined when the check is unusable.
 */
export function parseCheckValue(site: ValueSite, raw: unknown, where = "check"): Check | undefined {
  const before = site.sink.problems.filter((p) => p.severity === "error").length;
  const check = readCheck(site, raw, where);
  const after = site.sink.problems.filter((p) => p.severity === "error").length;
  return after > before ? undefined : check;
}

/** Parse one check on its own (for tools and tests); throws with every problem if it is invalid. */
export function parseCheck(raw: unknown): Check {
  const sink = new ProblemSink();
  const check = parseCheckValue({ sink, file: "<check>" }, raw);
  if (!check) throw new Error(sink.problems.map((p) => `${p.where ?? ""}: ${p.message}`).join("\n"));
  return check;
}

function readCheck(site: ValueSite, raw: unknown, where: string): Check | undefined {
  if (Array.isArray(raw)) return readList(site, "all", raw, where);
  if (!isRecord(raw)) {
    site.sink.error(site.file, `a check is a mapping such as {container: {...}} or a list of them; found ${typeName(raw)}`, where);
    return undefined;
  }
  const keys = Object.keys(raw).filter((k) => k !== "message");
  const known = keys.filter((k) => CHECK_KEYS.includes(k));
  checkKeys(site, raw, [...CHECK_KEYS, "message"], where);
  if (known.length === 0) {
    if (keys.length === 0) site.sink.error(site.file, `empty check; use one of: ${CHECK_KEYS.join(", ")}`, where);
    return undefined;
  }
  if (known.length > 1) {
    site.sink.error(site.file, `one check per item, found ${known.join(" and ")}; write a list (or all: [...]) to require several`, where);
    return undefined;
  }
  const key = known[0]!;
  const at = join(where, key);
  const value = raw[key];
  let check: Check | undefined;
  if (key === "all" || key === "any") {
    if (!Array.isArray(value)) {
      site.sink.error(site.file, `expected a list of checks, found ${typeName(value)}`, at);
      return undefined;
    }
    check = readList(site, key, value, at);
  } else if (key === "not") {
    const inner = readCheck(site, value, at);
    check = inner && { kind: "not", check: inner };
  } else {
    const kind = checkKind(key)!;
    const body = readBody(site, value, at, kind.mainKey, kind.keys);
    check = body && kind.parse(site, body, at);
  }
  if (check && raw.message !== undefined) {
    const message = readBilingual(site, raw.message, join(where, "message"));
    if (message) check.message = message;
  }
  return check;
}

function readList(site: ValueSite, kind: "all" | "any", items: unknown[], where: string): Check | undefined {
  if (items.length === 0) {
    site.sink.error(site.file, "an empty list of checks", where);
    return undefined;
  }
  const checks = items.map((item, i) => readCheck(site, item, join(where, i)));
  if (checks.some((c) => c === undefined)) return undefined;
  return { kind, checks: checks as Check[] };
}
