import { bi } from "../bilingual";
import { errText } from "../../lib/errors";
import { checkKeys, isRecord, join, readBoolean, readOptional, readRequired, readString, typeName, type ValueSite } from "../read-values";
import { fail, PASS, type CheckBase, type CheckKind } from "./predicate";

export type JsonCondition = { path: string; includes: JsonValue } | { path: string; equals: JsonValue } | { path: string; exists: boolean };

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** `file:` — a file in the guest. */
export interface FileCheck extends CheckBase {
  kind: "file";
  path: string;
  exists: boolean;
  contains?: string;
  json?: JsonCondition;
}

/** `file:` — existence by `test -e` in the guest; contents by GuestApi.readFile. */
export const fileKind: CheckKind<FileCheck> = {
  key: "file",
  mainKey: "path",
  keys: ["path", "exists", "contains", "json"],
  doc: {
    asks: "a file in the VM (containing this text; a JSON entry that includes, equals or exists); or no such file",
    judgedBy: "`test -e` and a file read in the VM",
  },
  parse: parseFile,

  describe(c) {
    if (!c.exists) return bi(`不存在文件 ${c.path}`, `no file ${c.path}`);
    const extra: string[][] = [];
    if (c.contains !== undefined) extra.push([`包含“${c.contains}”`, `containing "${c.contains}"`]);
    if (c.json) extra.push([`其中 ${c.json.path} 符合要求`, `with ${c.json.path} as required`]);
    const zh = extra.length ? `（${extra.map((e) => e[0]).join("，")}）` : "";
    const en = extra.length ? ` ${extra.map((e) => e[1]).join(", ")}` : "";
    return bi(`存在文件 ${c.path}${zh}`, `a file ${c.path}${en}`);
  },

  async evaluate(c, s) {
    if (c.contains === undefined && !c.json) {
      const present = await s.exists(c.path);
      if (!c.exists) return present ? fail(bi(`文件 ${c.path} 仍然存在`, `The file ${c.path} still exists`)) : PASS;
      return present ? PASS : fail(bi(`文件 ${c.path} 不存在`, `The file ${c.path} does not exist`));
    }
    const text = await s.readText(c.path);
    if (!c.exists) return text === null ? PASS : fail(bi(`文件 ${c.path} 仍然存在`, `The file ${c.path} still exists`));
    if (text === null) return fail(bi(`文件 ${c.path} 不存在`, `The file ${c.path} does not exist`));
    const unmet = [];
    if (c.contains !== undefined && !text.includes(c.contains)) {
      unmet.push(bi(`文件 ${c.path} 中没有“${c.contains}”`, `The file ${c.path} does not contain "${c.contains}"`));
    }
    if (c.json) {
      let doc: unknown;
      try {
        doc = JSON.parse(text);
      } catch (e) {
        return fail(...unmet, bi(`文件 ${c.path} 不是有效的 JSON（${errText(e)}）`, `The file ${c.path} is not valid JSON (${errText(e)})`));
      }
      const { path } = c.json;
      const value = getPath(doc, path);
      if ("exists" in c.json) {
        if (c.json.exists && value === undefined) unmet.push(bi(`${c.path} 中没有“${path}”这一项`, `${c.path} has no "${path}" entry`));
        if (!c.json.exists && value !== undefined) unmet.push(bi(`${c.path} 中不应有“${path}”这一项`, `${c.path} should not have a "${path}" entry`));
      } else if (value === undefined) {
        unmet.push(bi(`${c.path} 中没有“${path}”这一项`, `${c.path} has no "${path}" entry`));
      } else if ("includes" in c.json) {
        const want = c.json.includes;
        const ok = Array.isArray(value) ? value.some((v) => deepEqual(v, want)) : typeof value === "string" && value.includes(String(want));
        if (!ok) unmet.push(bi(`${c.path} 中的“${path}”没有包含 ${show(want)}`, `"${path}" in ${c.path} does not include ${show(want)}`));
      } else if (!deepEqual(value, c.json.equals)) {
        unmet.push(
          bi(
            `${c.path} 中“${path}”的值是 ${show(value)}，应为 ${show(c.json.equals)}`,
            `"${path}" in ${c.path} is ${show(value)}, expected ${show(c.json.equals)}`,
          ),
        );
      }
    }
    return unmet.length ? fail(...unmet) : PASS;
  },
};

/** `a.b.0` into parsed JSON; undefined when any part is missing. */
export function getPath(doc: unknown, path: string): unknown {
  let cur: unknown = doc;
  for (const part of path.split(".")) {
    if (Array.isArray(cur) && /^\d+$/.test(part)) cur = cur[Number(part)];
    else if (cur !== null && typeof cur === "object" && Object.prototype.hasOwnProperty.call(cur, part)) cur = (cur as Record<string, unknown>)[part];
    else return undefined;
  }
  return cur;
}

export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== typeof b || a === null || b === null || typeof a !== "object") return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) return a.length === (b as unknown[]).length && a.every((v, i) => deepEqual(v, (b as unknown[])[i]));
  const ka = Object.keys(a as object);
  const kb = Object.keys(b as object);
  return ka.length === kb.length && ka.every((k) => deepEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

function show(v: unknown | JsonValue): string {
  return JSON.stringify(v) ?? String(v);
}

function parseFile(site: ValueSite, o: Record<string, unknown>, where: string): FileCheck {
  const path = readRequired(site, o, "path", where);
  if (path !== undefined && !path.startsWith("/")) site.sink.error(site.file, `path must be absolute (start with /); found "${path}"`, join(where, "path"));
  const check: FileCheck = { kind: "file", path: path ?? "", exists: readOptional(o, "exists", (v, at) => readBoolean(site, v, at), where) ?? true };
  const contains = readOptional(o, "contains", (v, at) => readString(site, v, at), where);
  if (contains !== undefined) check.contains = contains;
  const json = readOptional(o, "json", (v, at) => readJsonCondition(site, v, at), where);
  if (json) check.json = json;
  return check;
}

function readJsonCondition(site: ValueSite, v: unknown, where: string): JsonCondition | undefined {
  if (!isRecord(v)) {
    site.sink.error(site.file, `expected {path: …, includes|equals|exists: …}, found ${typeName(v)}`, where);
    return undefined;
  }
  checkKeys(site, v, ["path", "includes", "equals", "exists"], where);
  const path = readRequired(site, v, "path", where);
  const tests = ["includes", "equals", "exists"].filter((k) => v[k] !== undefined);
  if (tests.length !== 1) {
    site.sink.error(site.file, `give exactly one of includes, equals or exists (found ${tests.length})`, where);
    return undefined;
  }
  if (path === undefined) return undefined;
  if (v.exists !== undefined) {
    const exists = readBoolean(site, v.exists, join(where, "exists"));
    return exists === undefined ? undefined : { path, exists };
  }
  if (v.includes !== undefined) return { path, includes: v.includes as JsonValue };
  return { path, equals: v.equals as JsonValue };
}
