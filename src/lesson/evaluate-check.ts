import { bi, type Bilingual } from "./bilingual";
import type { Check, CheckContext, CheckResult } from "./check-types";
import { CheckError, createCheckSession, type CheckSession } from "./check-session";
import { errText } from "../lib/errors";
import { withTimeout } from "../lib/timeout";
import { checkKind, type LeafCheck } from "./predicates";

const DEFAULT_TIMEOUT_MS = 20_000;

/** A result that also knows whether a condition could not be judged at all. */
interface Verdict extends CheckResult {
  /** Some condition could not be judged (engine down, timeout…): `not` and `any` must not pass on it. */
  undecided?: boolean;
}

/**
 * Ask the guest whether a step's check holds. Never throws: an engine or network failure becomes
 * an unmet item saying so.
 */
export async function evaluateCheck(check: Check, ctx: CheckContext): Promise<CheckResult> {
  const { ok, unmet } = await evaluate(check, createCheckSession(ctx));
  return { ok, unmet };
}

async function evaluate(check: Check, s: CheckSession): Promise<Verdict> {
  const verdict = await evaluateInner(check, s);
  if (!verdict.ok && !verdict.undecided && check.message) return { ok: false, unmet: [check.message] };
  return verdict;
}

async function evaluateInner(check: Check, s: CheckSession): Promise<Verdict> {
  switch (check.kind) {
    case "all": {
      const parts = await Promise.all(check.checks.map((c) => evaluate(c, s)));
      return { ok: parts.every((p) => p.ok), unmet: parts.flatMap((p) => p.unmet), undecided: parts.some((p) => p.undecided) };
    }
    case "any": {
      const parts = await Promise.all(check.checks.map((c) => evaluate(c, s)));
      if (parts.some((p) => p.ok)) return { ok: true, unmet: [] };
      const undecided = parts.filter((p) => p.undecided);
      if (undecided.length) return { ok: false, unmet: undecided.flatMap((p) => p.unmet), undecided: true };
      const options = parts.map((p) => ({ zh: p.unmet.map((u) => u.zh).join("，"), en: p.unmet.map((u) => u.en).join(", ") }));
      return {
        ok: false,
        unmet: [
          bi(
            `以下条件至少要满足一个：${options.map((o) => o.zh).join("；或者 ")}`,
            `At least one of these is needed: ${options.map((o) => o.en).join("; or ")}`,
          ),
        ],
      };
    }
    case "not": {
      const inner = await evaluate(check.check, s);
      if (inner.undecided) return inner;
      if (!inner.ok) return { ok: true, unmet: [] };
      const d = describeCheck(check.check);
      return { ok: false, unmet: [bi(`这一条件不应成立：${d.zh}`, `This should not be the case: ${d.en}`)] };
    }
    default:
      return evaluateLeaf(check, s);
  }
}

async function evaluateLeaf(check: LeafCheck, s: CheckSession): Promise<Verdict> {
  const kind = checkKind(check.kind)!;
  const ms = s.ctx.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const late = () => new CheckError(bi(`检查超时（${ms / 1000} 秒内没有回应）`, `The check timed out (no answer within ${ms / 1000} s)`));
  try {
    return await withTimeout(kind.evaluate(check, s), ms, late);
  } catch (e) {
    const unmet: Bilingual = e instanceof CheckError ? e.unmet : bi(`检查时出错：${errText(e)}`, `The check failed: ${errText(e)}`);
    return { ok: false, unmet: [unmet], undecided: true };
  }
}

/** A check as a statement in words ("a running container named web"), for `not`, `any` and the UI. */
export function describeCheck(check: Check): Bilingual {
  switch (check.kind) {
    case "all":
    case "any": {
      const parts = check.checks.map(describeCheck);
      const [zhSep, enSep] = check.kind === "all" ? ["，并且", ", and "] : ["，或者", ", or "];
      return bi(parts.map((p) => p.zh).join(zhSep), parts.map((p) => p.en).join(enSep));
    }
    case "not": {
      const d = describeCheck(check.check);
      return bi(`并非：${d.zh}`, `not: ${d.en}`);
    }
    default:
      return checkKind(check.kind)!.describe(check);
  }
}
