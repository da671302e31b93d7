import type { Bilingual } from "./bilingual";
import { isValidImageRef } from "./docker-specs";
import type { ProblemSink } from "./lesson-problem";

/** Where a value came from, so a problem can name the file and key path. */
export interface ValueSite {
  sink: ProblemSink;
  file: string;
}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** "a list", "a number", … for messages. */
export function typeName(v: unknown): string {
  if (v === null || v === undefined) return "nothing";
  if (Array.isArray(v)) return "a list";
  if (typeof v === "object") return "a mapping";
  return `a ${typeof v} (${JSON.stringify(v)})`;
}

export function join(where: string, key: string | number): string {
  if (typeof key === "number") return `${where}[${key}]`;
  return where ? `${where}.${key}` : key;
}

/** Report keys of `obj` that are not in `allowed`, suggesting the closest allowed key. */
export function checkKeys(site: ValueSite, obj: Record<string, unknown>, allowed: readonly string[], where: string): void {
  for (const key of Object.keys(obj)) {
    if (allowed.includes(key)) continue;
    const near = closest(key, allowed);
    site.sink.error(site.file, `unknown key "${key}"` + (near ? ` — did you mean "${near}"?` : "") + ` Allowed here: ${allowed.join(", ")}.`, join(where, key));
  }
}

/**
 * A string. Numbers are accepted (YAML reads `tag: 2` as a number) but a number that would not
 * read back the same (`1.10` → 1.1) gets a warning to quote it.
 */
export function readString(site: ValueSite, v: unknown, where: string): string | undefined {
  if (typeof v === "string") return v;
  if (typeof v === "number" || typeof v === "boolean") {
    if (typeof v === "number" && !Number.isInteger(v)) {
      site.sink.warn(site.file, `${v} was read as a number; put it in quotes if you meant text`, where);
    }
    return String(v);
  }
  site.sink.error(site.file, `expected text, found ${typeName(v)}`, where);
  return undefined;
}

export function readNonEmptyString(site: ValueSite, v: unknown, where: string): string | undefined {
  const s = readString(site, v, where);
  if (s !== undefined && s.trim() === "") {
    site.sink.error(site.file, "must not be empty", where);
    return undefined;
  }
  return s;
}

export function readBoolean(site: ValueSite, v: unknown, where: string): boolean | undefined {
  if (typeof v === "boolean") return v;
  site.sink.error(site.file, `expected true or false, found ${typeName(v)}`, where);
  return undefined;
}

/** A list of strings; a single string is taken as a list of one. */
export function readStringList(site: ValueSite, v: unknown, where: string): string[] | undefined {
  if (typeof v === "string") return [v];
  if (!Array.isArray(v)) {
    site.sink.error(site.file, `expected a list, found ${typeName(v)}`, where);
    return undefined;
  }
  const out: string[] = [];
  v.forEach((item, i) => {
    const s = readString(site, item, join(where, i));
    if (s !== undefined) out.push(s);
  });
  return out;
}

/** A mapping of string keys to string values (labels, attributes). */
export function readStringMap(site: ValueSite, v: unknown, where: string): Record<string, string> | undefined {
  if (!isRecord(v)) {
    site.sink.error(site.file, `expected a mapping (key: value), found ${typeName(v)}`, where);
    return undefined;
  }
  const out: Record<string, string> = {};
  for (const [k, val] of Object.entries(v)) {
    const s = readString(site, val, join(where, k));
    if (s !== undefined) out[k] = s;
  }
  return out;
}

/** The body of a check kind: a mapping with only `allowed` keys, or a plain string standing for its main key. */
export function readBody(site: ValueSite, value: unknown, where: string, mainKey: string, allowed: readonly string[]): Record<string, unknown> | undefined {
  if (typeof value === "string") return { [mainKey]: value };
  if (!isRecord(value)) {
    site.sink.error(site.file, `expected a mapping with ${allowed.join(", ")}; found ${typeName(value)}`, where);
    return undefined;
  }
  checkKeys(site, value, allowed, where);
  return value;
}

/** `obj[key]` as non-empty text; its absence is an error. */
export function readRequired(site: ValueSite, obj: Record<string, unknown>, key: string, where: string): string | undefined {
  if (obj[key] === undefined) {
    site.sink.error(site.file, `"${key}" is required`, join(where, key));
    return undefined;
  }
  return readNonEmptyString(site, obj[key], join(where, key));
}

/** Names Docker accepts for containers, networks and volumes. */
const OBJECT_NAME = /^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/;

/** `obj.name` as the name of a Docker object (`what`: network, volume…); its absence is an error. */
export function readObjectName(site: ValueSite, obj: Record<string, unknown>, where: string, what: string): string | undefined {
  const name = readRequired(site, obj, "name", where);
  if (name !== undefined && !OBJECT_NAME.test(name))
    site.sink.error(site.file, `"${name}" is not a ${what} name (letters, digits, _ . -)`, join(where, "name"));
  return name;
}

/** `obj[key]` read with `read` at its key path, or undefined when it is not given. */
export function readOptional<T>(obj: Record<string, unknown>, key: string, read: (v: unknown, at: string) => T | undefined, where: string): T | undefined {
  return obj[key] === undefined ? undefined : read(obj[key], join(where, key));
}

/** An image reference such as nginx:alpine. */
export function readImageRef(site: ValueSite, v: unknown, at: string): string | undefined {
  const s = readNonEmptyString(site, v, at);
  if (s !== undefined && !isValidImageRef(s)) site.sink.error(site.file, `"${s}" is not an image reference such as nginx:alpine`, at);
  return s;
}

/**
 * `{zh, en}`. A plain string stands for both languages. A missing language is a warning and
 * falls back to the other one.
 */
export function readBilingual(site: ValueSite, v: unknown, where: string): Bilingual | undefined {
  if (typeof v === "string") return { zh: v, en: v };
  if (!isRecord(v)) {
    site.sink.error(site.file, `expected {zh: …, en: …}, found ${typeName(v)}`, where);
    return undefined;
  }
  checkKeys(site, v, ["zh", "en"], where);
  const zh = v.zh === undefined ? undefined : readString(site, v.zh, join(where, "zh"));
  const en = v.en === undefined ? undefined : readString(site, v.en, join(where, "en"));
  if (zh === undefined && en === undefined) {
    site.sink.error(site.file, "needs zh and en text", where);
    return undefined;
  }
  if (zh === undefined) site.sink.warn(site.file, "no Chinese (zh) text; the English is shown instead", where);
  if (en === undefined) site.sink.warn(site.file, "no English (en) text; the Chinese is shown instead", where);
  return { zh: zh ?? en!, en: en ?? zh! };
}

/** Levenshtein-closest candidate within distance 2 (or a case-insensitive match). */
export function closest(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestD = 3;
  for (const c of candidates) {
    if (c.toLowerCase() === word.toLowerCase()) return c;
    const d = distance(word.toLowerCase(), c.toLowerCase());
    if (d < bestD) {
      bestD = d;
      best = c;
    }
  }
  return best;
}

function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return row[b.length]!;
}
