import { commandKind } from "./command";
import { containerKind } from "./container";
import { eventKind } from "./event";
import { fileKind } from "./file";
import { historyKind } from "./history";
import { httpKind } from "./http";
import { imageKind } from "./image";
import { networkKind } from "./network";
import type { CheckKind } from "./predicate";
import { registryKind } from "./registry";
import { volumeKind } from "./volume";

/**
 * Every kind of condition a check can name, in the order tutorials/README.md lists them. The parser, the evaluator,
 * the validator and the README's table all read this list: a new kind is one file and one line here.
 */
export const CHECK_KINDS = [imageKind, containerKind, eventKind, fileKind, httpKind, registryKind, networkKind, volumeKind, commandKind, historyKind] as const;

type CheckOf<K> = K extends CheckKind<infer C> ? C : never;

/** A check of one of the kinds above (not a combinator). */
export type LeafCheck = CheckOf<(typeof CHECK_KINDS)[number]>;

const byKey = new Map<string, CheckKind<LeafCheck>>(CHECK_KINDS.map((k) => [k.key, k as unknown as CheckKind<LeafCheck>]));

/** The definition of the kind named `key` (`image`, `container` …), if there is one. */
export function checkKind(key: string): CheckKind<LeafCheck> | undefined {
  return byKey.get(key);
}

export const TABLE_BEGIN = "<!-- check kinds: generated from src/lesson/predicates by `npx tsx scripts/check-kinds-table.ts`; do not edit -->";
export const TABLE_END = "<!-- end of check kinds -->";

/** The README's table of check kinds (Markdown), between its two marker lines. */
export function checkKindsTable(): string {
  const rows = CHECK_KINDS.map((k) => {
    const keys = k.keys.map((key) => (key === k.mainKey ? `**\`${key}\`**` : `\`${key}\``)).join(", ");
    return `| \`${k.key}\` | ${keys} | ${k.doc.asks} | ${k.doc.judgedBy} |`;
  });
  return [
    TABLE_BEGIN,
    "",
    "| kind | keys (**bold**: what a plain string stands for) | asks for | judged by |",
    "|---|---|---|---|",
    ...rows,
    "",
    TABLE_END,
  ].join("\n");
}
