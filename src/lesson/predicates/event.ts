import { bi, type Bilingual } from "../bilingual";
import { normalizeImageRef } from "../docker-specs";
import { join, readImageRef, readNonEmptyString, readOptional, readString, readStringMap, type ValueSite } from "../read-values";
import type { DockerEvent } from "../../vm/guest-api";
import { fail, PASS, type CheckBase, type CheckKind } from "./predicate";

/** `event:` — an engine event received since the step began. */
export interface EventCheck extends CheckBase {
  kind: "event";
  type?: string;
  /** Prefix match: "exec_start" matches "exec_start: /bin/sh ". */
  action?: string;
  /** Image events: the reference the event names (Actor.ID or its `name` attribute), normalised. */
  ref?: string;
  /** Subset match on Actor.Attributes, values compared as strings. */
  attributes?: Record<string, string>;
  /** "step" (default): only events since the step began; "any": every event the page kept. */
  since: "step" | "any";
}

const TYPE_WORDS: Record<string, string> = { image: "镜像", container: "容器", network: "网络", volume: "数据卷", daemon: "守护进程", plugin: "插件" };
const ACTION_WORDS: Record<string, string> = {
  pull: "拉取",
  push: "推送",
  tag: "打标签",
  untag: "删除标签",
  save: "导出",
  load: "导入",
  import: "导入",
  delete: "删除",
  create: "创建",
  start: "启动",
  stop: "停止",
  kill: "终止",
  die: "退出",
  destroy: "删除",
  restart: "重启",
  pause: "暂停",
  unpause: "恢复",
  rename: "重命名",
  exec_create: "创建 exec",
  exec_start: "执行命令（exec）",
  attach: "连接",
  commit: "提交",
  copy: "拷贝",
  "extract-to-dir": "拷贝进容器",
  "archive-path": "从容器拷出",
};

/** `event:` — judged on the engine events the page received (CheckContext.events); no guest call. */
export const eventKind: CheckKind<EventCheck> = {
  key: "event",
  mainKey: "action",
  keys: ["type", "action", "ref", "attributes", "since"],
  doc: { asks: "something the engine did during the step (pull, push, exec, save, a restart…)", judgedBy: "the engine's /events stream" },
  parse: parseEvent,

  describe(c) {
    const d = describeEvent(c);
    return bi(`收到${d.zh}`, `a ${d.en}`);
  },

  async evaluate(c, s) {
    const since = Math.floor(s.ctx.stepStartedAt);
    const events = c.since === "step" ? s.ctx.events.filter((e) => e.time >= since) : s.ctx.events;
    if (events.some((e) => eventMatches(c, e))) return PASS;
    const d = describeEvent(c);
    return fail(c.since === "step" ? bi(`本步骤开始后还没有发生${d.zh}`, `No ${d.en} since this step began`) : bi(`还没有发生${d.zh}`, `No ${d.en} yet`));
  },
};

export function eventMatches(c: EventCheck, e: DockerEvent): boolean {
  const type = e.Type ?? "";
  const action = e.Action ?? e.status ?? "";
  const attrs = e.Actor?.Attributes ?? {};
  if (c.type && type !== c.type) return false;
  if (c.action && !action.startsWith(c.action)) return false;
  if (c.ref) {
    const want = normalizeImageRef(c.ref);
    // Actor.ID names the full reference for pull/push; `name` does only for tag (pull's is just "nginx").
    const named = [e.Actor?.ID, hasTagOrDigest(attrs.name) ? attrs.name : undefined].filter((v): v is string => typeof v === "string" && v !== "");
    if (!named.some((v) => normalizeImageRef(v) === want)) return false;
  }
  for (const [k, v] of Object.entries(c.attributes ?? {})) {
    if (attrs[k] !== v) return false;
  }
  return true;
}

/** "镜像的“拉取”事件（pull，nginx:alpine）" / "image pull event (nginx:alpine)". */
function describeEvent(c: EventCheck): Bilingual {
  const details = [c.ref, ...Object.entries(c.attributes ?? {}).map(([k, v]) => `${k}=${v}`)].filter(Boolean).join(", ");
  const typeZh = c.type ? (TYPE_WORDS[c.type] ?? c.type) + "的" : "";
  const actionZh = c.action ? `“${ACTION_WORDS[c.action] ?? c.action}”` : "";
  const zh = `${typeZh}${actionZh}事件` + (c.action || details ? `（${[c.action, details].filter(Boolean).join("，")}）` : "");
  const en = [c.type, c.action, "event"].filter(Boolean).join(" ") + (details ? ` (${details})` : "");
  return bi(zh, en);
}

function hasTagOrDigest(ref: string | undefined): boolean {
  if (!ref) return false;
  return ref.includes("@") || ref.lastIndexOf(":") > ref.lastIndexOf("/");
}

function parseEvent(site: ValueSite, o: Record<string, unknown>, where: string): EventCheck {
  const check: EventCheck = { kind: "event", since: "step" };
  const type = readOptional(o, "type", (v, at) => readNonEmptyString(site, v, at), where);
  if (type) check.type = type;
  const action = readOptional(o, "action", (v, at) => readNonEmptyString(site, v, at), where);
  if (action) check.action = action;
  const ref = readOptional(o, "ref", (v, at) => readImageRef(site, v, at), where);
  if (ref) check.ref = ref;
  const attributes = readOptional(o, "attributes", (v, at) => readStringMap(site, v, at), where);
  if (attributes) check.attributes = attributes;
  const since = readOptional(o, "since", (v, at) => readString(site, v, at), where);
  if (since !== undefined) {
    if (since === "step" || since === "any") check.since = since;
    else site.sink.error(site.file, `since must be "step" or "any"; found "${since}"`, join(where, "since"));
  }
  if (!type && !action) site.sink.error(site.file, "an event check needs at least type or action", where);
  return check;
}
