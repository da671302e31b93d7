import type {
  Check,
  CommandCheck,
  ContainerCheck,
  ContainerState,
  EventCheck,
  FileCheck,
  HistoryCheck,
  HttpCheck,
  ImageCheck,
  JsonCondition,
  JsonValue,
  NetworkCheck,
  RegistryCheck,
  VolumeCheck,
} from "./check-types";
import { CONTAINER_STATES } from "./check-types";
import { isValidImageRef, parseMemory, parseMountSpec, parsePortSpec, parseRestart } from "./docker-specs";
import { ProblemSink } from "./lesson-problem";
import {
  checkKeys,
  isRecord,
  join,
  readBilingual,
  readBoolean,
  readNonEmptyString,
  readString,
  readStringList,
  readStringMap,
  typeName,
  type ValueSite,
} from "./read-values";

const PREDICATES = ["image", "container", "event", "file", "http", "registry", "history", "network", "volume", "command"] as const;
const COMBINATORS = ["all", "any", "not"] as const;
const CHECK_KEYS: readonly string[] = [...COMBINATORS, ...PREDICATES];

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
    site.sink.error(
      site.file,
      `one check per item, found ${known.join(" and ")}; write a list (or all: [...]) to require several`,
      where,
    );
    return undefined;
  }
  const key = known[0]!;
  const at = join(where, key);
  const value = raw[key];
  let check: Check | undefined;
  switch (key) {
    case "all":
    case "any":
      if (!Array.isArray(value)) {
        site.sink.error(site.file, `expected a list of checks, found ${typeName(value)}`, at);
        return undefined;
      }
      check = readList(site, key, value, at);
      break;
    case "not": {
      const inner = readCheck(site, value, at);
      check = inner && { kind: "not", check: inner };
      break;
    }
    case "image":
      check = readImage(site, value, at);
      break;
    case "container":
      check = readContainer(site, value, at);
      break;
    case "event":
      check = readEvent(site, value, at);
      break;
    case "file":
      check = readFile(site, value, at);
      break;
    case "http":
      check = readHttp(site, value, at);
      break;
    case "registry":
      check = readRegistry(site, value, at);
      break;
    case "history":
      check = readHistory(site, value, at);
      break;
    case "network":
      check = readNetwork(site, value, at);
      break;
    case "volume":
      check = readVolume(site, value, at);
      break;
    case "command":
      check = readCommand(site, value, at);
      break;
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

/** The body of a predicate: a mapping, or a plain string standing for its main key. */
function body(site: ValueSite, value: unknown, where: string, mainKey: string, allowed: readonly string[]): Record<string, unknown> | undefined {
  if (typeof value === "string") return { [mainKey]: value };
  if (!isRecord(value)) {
    site.sink.error(site.file, `expected a mapping with ${allowed.join(", ")}; found ${typeName(value)}`, where);
    return undefined;
  }
  checkKeys(site, value, allowed, where);
  return value;
}

function required(site: ValueSite, obj: Record<string, unknown>, key: string, where: string): string | undefined {
  if (obj[key] === undefined) {
    site.sink.error(site.file, `"${key}" is required`, join(where, key));
    return undefined;
  }
  return readNonEmptyString(site, obj[key], join(where, key));
}

function optional<T>(obj: Record<string, unknown>, key: string, read: (v: unknown, at: string) => T | undefined, where: string): T | undefined {
  return obj[key] === undefined ? undefined : read(obj[key], join(where, key));
}

function imageRef(site: ValueSite, v: unknown, at: string): string | undefined {
  const s = readNonEmptyString(site, v, at);
  if (s !== undefined && !isValidImageRef(s)) site.sink.error(site.file, `"${s}" is not an image reference such as nginx:alpine`, at);
  return s;
}

function readImage(site: ValueSite, value: unknown, where: string): ImageCheck | undefined {
  const o = body(site, value, where, "ref", ["ref", "exists", "label", "sameIdAs"]);
  if (!o) return undefined;
  const ref = o.ref === undefined ? required(site, o, "ref", where) : imageRef(site, o.ref, join(where, "ref"));
  const check: ImageCheck = { kind: "image", ref: ref ?? "", exists: optional(o, "exists", (v, at) => readBoolean(site, v, at), where) ?? true };
  const label = optional(o, "label", (v, at) => readStringMap(site, v, at), where);
  if (label) check.label = label;
  const same = optional(o, "sameIdAs", (v, at) => imageRef(site, v, at), where);
  if (same) check.sameIdAs = same;
  if (!check.exists && (label || same)) site.sink.warn(site.file, "label/sameIdAs are ignored when exists is false", where);
  return check;
}

const CONTAINER_KEYS = ["name", "exists", "state", "image", "ports", "mounts", "memory", "restart", "env", "createdSinceStep"];

function readContainer(site: ValueSite, value: unknown, where: string): ContainerCheck | undefined {
  const o = body(site, value, where, "name", CONTAINER_KEYS);
  if (!o) return undefined;
  const check: ContainerCheck = { kind: "container", exists: optional(o, "exists", (v, at) => readBoolean(site, v, at), where) ?? true };
  const name = optional(o, "name", (v, at) => readNonEmptyString(site, v, at), where);
  if (name) check.name = name.replace(/^\//, "");
  const state = optional(o, "state", (v, at) => readString(site, v, at), where);
  if (state !== undefined) {
    if (CONTAINER_STATES.includes(state as ContainerState)) check.state = state as ContainerState;
    else site.sink.error(site.file, `state must be one of ${CONTAINER_STATES.join(", ")}; found "${state}"`, join(where, "state"));
  }
  const image = optional(o, "image", (v, at) => imageRef(site, v, at), where);
  if (image) check.image = image;
  const ports = optional(o, "ports", (v, at) => readStringList(site, v, at), where);
  if (ports) {
    ports.forEach((p, i) => {
      if (!parsePortSpec(p)) site.sink.error(site.file, `"${p}" is not a port mapping such as "8080:80"`, join(join(where, "ports"), i));
    });
    check.ports = ports;
  }
  const mounts = optional(o, "mounts", (v, at) => readStringList(site, v, at), where);
  if (mounts) {
    mounts.forEach((m, i) => {
      if (!parseMountSpec(m)) site.sink.error(site.file, `"${m}" is not a mount such as "/opt:/opt" (source:destination)`, join(join(where, "mounts"), i));
    });
    check.mounts = mounts;
  }
  const memory = optional(o, "memory", (v, at) => readString(site, v, at), where);
  if (memory !== undefined) {
    if (parseMemory(memory) === undefined) site.sink.error(site.file, `"${memory}" is not a memory size such as "500m"`, join(where, "memory"));
    check.memory = memory;
  }
  const restart = optional(o, "restart", (v, at) => readString(site, v, at), where);
  if (restart !== undefined) {
    if (!parseRestart(restart)) site.sink.error(site.file, `restart must be no, always, unless-stopped or on-failure[:N]; found "${restart}"`, join(where, "restart"));
    check.restart = restart;
  }
  if (o.env !== undefined) {
    const env = isRecord(o.env)
      ? Object.entries(readStringMap(site, o.env, join(where, "env")) ?? {}).map(([k, v]) => `${k}=${v}`)
      : readStringList(site, o.env, join(where, "env"));
    if (env) {
      env.forEach((e, i) => {
        if (!/^[^=\s]+(=|$)/.test(e)) site.sink.error(site.file, `"${e}" is not KEY=VALUE`, join(join(where, "env"), i));
      });
      check.env = env;
    }
  }
  const since = optional(o, "createdSinceStep", (v, at) => readBoolean(site, v, at), where);
  if (since !== undefined) check.createdSinceStep = since;
  return check;
}

function readEvent(site: ValueSite, value: unknown, where: string): EventCheck | undefined {
  const o = body(site, value, where, "action", ["type", "action", "ref", "attributes", "since"]);
  if (!o) return undefined;
  const check: EventCheck = { kind: "event", since: "step" };
  const type = optional(o, "type", (v, at) => readNonEmptyString(site, v, at), where);
  if (type) check.type = type;
  const action = optional(o, "action", (v, at) => readNonEmptyString(site, v, at), where);
  if (action) check.action = action;
  const ref = optional(o, "ref", (v, at) => imageRef(site, v, at), where);
  if (ref) check.ref = ref;
  const attributes = optional(o, "attributes", (v, at) => readStringMap(site, v, at), where);
  if (attributes) check.attributes = attributes;
  const since = optional(o, "since", (v, at) => readString(site, v, at), where);
  if (since !== undefined) {
    if (since === "step" || since === "any") check.since = since;
    else site.sink.error(site.file, `since must be "step" or "any"; found "${since}"`, join(where, "since"));
  }
  if (!type && !action) site.sink.error(site.file, "an event check needs at least type or action", where);
  return check;
}

function readFile(site: ValueSite, value: unknown, where: string): FileCheck | undefined {
  const o = body(site, value, where, "path", ["path", "exists", "contains", "json"]);
  if (!o) return undefined;
  const path = required(site, o, "path", where);
  if (path !== undefined && !path.startsWith("/")) site.sink.error(site.file, `path must be absolute (start with /); found "${path}"`, join(where, "path"));
  const check: FileCheck = { kind: "file", path: path ?? "", exists: optional(o, "exists", (v, at) => readBoolean(site, v, at), where) ?? true };
  const contains = optional(o, "contains", (v, at) => readString(site, v, at), where);
  if (contains !== undefined) check.contains = contains;
  const json = optional(o, "json", (v, at) => readJsonCondition(site, v, at), where);
  if (json) check.json = json;
  return check;
}

function readJsonCondition(site: ValueSite, v: unknown, where: string): JsonCondition | undefined {
  if (!isRecord(v)) {
    site.sink.error(site.file, `expected {path: …, includes|equals|exists: …}, found ${typeName(v)}`, where);
    return undefined;
  }
  checkKeys(site, v, ["path", "includes", "equals", "exists"], where);
  const path = required(site, v, "path", where);
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

function readHttp(site: ValueSite, value: unknown, where: string): HttpCheck | undefined {
  const o = body(site, value, where, "url", ["url", "status", "contains"]);
  if (!o) return undefined;
  const url = required(site, o, "url", where);
  if (url !== undefined && !/^https?:\/\/[^\s/]+/.test(url)) site.sink.error(site.file, `"${url}" is not an http:// or https:// URL`, join(where, "url"));
  const check: HttpCheck = { kind: "http", url: url ?? "" };
  if (o.status !== undefined) {
    if (typeof o.status === "number" && Number.isInteger(o.status) && o.status >= 100 && o.status <= 599) check.status = o.status;
    else site.sink.error(site.file, `status must be an HTTP status code such as 200; found ${typeName(o.status)}`, join(where, "status"));
  }
  const contains = optional(o, "contains", (v, at) => readString(site, v, at), where);
  if (contains !== undefined) check.contains = contains;
  return check;
}

function readRegistry(site: ValueSite, value: unknown, where: string): RegistryCheck | undefined {
  const o = body(site, value, where, "url", ["url", "repository", "tag"]);
  if (!o) return undefined;
  const url = required(site, o, "url", where);
  if (url !== undefined && !/^https?:\/\/[^\s/]+/.test(url)) site.sink.error(site.file, `"${url}" is not a registry URL such as http://172.21.51.143:5000`, join(where, "url"));
  const repository = required(site, o, "repository", where);
  const check: RegistryCheck = { kind: "registry", url: (url ?? "").replace(/\/+$/, ""), repository: repository ?? "" };
  const tag = optional(o, "tag", (v, at) => readNonEmptyString(site, v, at), where);
  if (tag) check.tag = tag;
  return check;
}

function readHistory(site: ValueSite, value: unknown, where: string): HistoryCheck | undefined {
  const o = body(site, value, where, "matches", ["matches"]);
  if (!o) return undefined;
  const matches = required(site, o, "matches", where);
  if (matches === undefined) return undefined;
  try {
    new RegExp(matches);
  } catch (e) {
    site.sink.error(site.file, `not a valid regular expression: ${(e as Error).message}`, join(where, "matches"));
  }
  return { kind: "history", matches };
}

/** Names Docker accepts for containers, networks and volumes. */
const OBJECT_NAME = /^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/;

function objectName(site: ValueSite, o: Record<string, unknown>, where: string, what: string): string | undefined {
  const name = required(site, o, "name", where);
  if (name !== undefined && !OBJECT_NAME.test(name)) site.sink.error(site.file, `"${name}" is not a ${what} name (letters, digits, _ . -)`, join(where, "name"));
  return name;
}

function readNetwork(site: ValueSite, value: unknown, where: string): NetworkCheck | undefined {
  const o = body(site, value, where, "name", ["name", "exists", "driver", "containers"]);
  if (!o) return undefined;
  const check: NetworkCheck = { kind: "network", name: objectName(site, o, where, "network") ?? "", exists: optional(o, "exists", (v, at) => readBoolean(site, v, at), where) ?? true };
  const driver = optional(o, "driver", (v, at) => readNonEmptyString(site, v, at), where);
  if (driver) check.driver = driver;
  const containers = optional(o, "containers", (v, at) => readStringList(site, v, at), where);
  if (containers) check.containers = containers.map((c) => c.replace(/^\//, ""));
  if (!check.exists && (driver || containers)) site.sink.warn(site.file, "driver/containers are ignored when exists is false", where);
  return check;
}

function readVolume(site: ValueSite, value: unknown, where: string): VolumeCheck | undefined {
  const o = body(site, value, where, "name", ["name", "exists", "driver", "file"]);
  if (!o) return undefined;
  const check: VolumeCheck = { kind: "volume", name: objectName(site, o, where, "volume") ?? "", exists: optional(o, "exists", (v, at) => readBoolean(site, v, at), where) ?? true };
  const driver = optional(o, "driver", (v, at) => readNonEmptyString(site, v, at), where);
  if (driver) check.driver = driver;
  if (o.file !== undefined) {
    const at = join(where, "file");
    const f = body(site, o.file, at, "path", ["path", "contains"]);
    const path = f && required(site, f, "path", at);
    if (path !== undefined && (path.startsWith("/") || path.split("/").includes(".."))) {
      site.sink.error(site.file, `path is relative to the volume's root, without ..; found "${path}"`, join(at, "path"));
    } else if (f && path !== undefined) {
      check.file = { path };
      const contains = optional(f, "contains", (v, a) => readString(site, v, a), at);
      if (contains !== undefined) check.file.contains = contains;
    }
  }
  if (!check.exists && (driver || check.file)) site.sink.warn(site.file, "driver/file are ignored when exists is false", where);
  return check;
}

/** The longest a `command:` check may run: every check of a step is judged within 20 s. */
export const COMMAND_MAX_SECONDS = 20;

function readCommand(site: ValueSite, value: unknown, where: string): CommandCheck | undefined {
  const o = body(site, value, where, "run", ["run", "timeout"]);
  if (!o) return undefined;
  const run = required(site, o, "run", where);
  const check: CommandCheck = { kind: "command", run: run ?? "", timeout: 10 };
  if (o.timeout !== undefined) {
    if (typeof o.timeout === "number" && o.timeout > 0 && o.timeout <= COMMAND_MAX_SECONDS) check.timeout = o.timeout;
    else site.sink.error(site.file, `timeout is a number of seconds from 1 to ${COMMAND_MAX_SECONDS}; found ${typeName(o.timeout)}`, join(where, "timeout"));
  }
  return check;
}
