import { bi, type Bilingual } from "../bilingual";
import type { EventCheck } from "../check-types";
import { normalizeImageRef } from "../docker-specs";
import type { DockerEvent } from "../../vm/guest-api";
import { fail, PASS, type Predicate } from "./predicate";

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

/** `event:` — judged on the events the runtime collected since the step began; no guest call. */
export const eventPredicate: Predicate<EventCheck> = {
  describe(c) {
    const d = describeEvent(c);
    return bi(`收到${d.zh}`, `a ${d.en}`);
  },

  async evaluate(c, s) {
    const since = Math.floor(s.ctx.stepStartedAt);
    const events = c.since === "step" ? s.ctx.events.filter((e) => e.time >= since) : s.ctx.events;
    if (events.some((e) => eventMatches(c, e))) return PASS;
    const d = describeEvent(c);
    return fail(
      c.since === "step"
        ? bi(`本步骤开始后还没有发生${d.zh}`, `No ${d.en} since this step began`)
        : bi(`还没有发生${d.zh}`, `No ${d.en} yet`),
    );
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
