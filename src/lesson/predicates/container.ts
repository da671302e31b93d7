import { bi, type Bilingual } from "../bilingual";
import type { CheckSession } from "../check-session";
import { cleanPath, parseMemory, parseMountSpec, parsePortSpec, parseRestart, sameImageRef } from "../docker-specs";
import type { ContainerInspect, ContainerSummary, PortBinding } from "../engine-types";
import {
  isRecord,
  join,
  readBoolean,
  readImageRef,
  readNonEmptyString,
  readOptional,
  readString,
  readStringList,
  readStringMap,
  type ValueSite,
} from "../read-values";
import { inspectImage } from "./image";
import { fail, PASS, type CheckBase, type CheckKind } from "./predicate";

export type ContainerState = "running" | "exited" | "created" | "paused" | "restarting" | "removing" | "dead";

export const CONTAINER_STATES: readonly ContainerState[] = ["running", "exited", "created", "paused", "restarting", "removing", "dead"];

/** `container:` — a container (named, or any) matching every given condition. */
export interface ContainerCheck extends CheckBase {
  kind: "container";
  name?: string;
  /** true: some container matches all conditions; false: none does. */
  exists: boolean;
  state?: ContainerState;
  image?: string;
  /** "hostPort:containerPort[/proto]", "ip:hostPort:containerPort" or "containerPort" (published anywhere). */
  ports?: string[];
  /** "source:destination[:ro|rw]" or "destination". Source may be a volume name. */
  mounts?: string[];
  /** Memory limit as written for `docker run --memory`, e.g. "500m". */
  memory?: string;
  /** Restart policy name: no | always | unless-stopped | on-failure. */
  restart?: string;
  /** "KEY=VALUE" (exact) or "KEY" (set to anything). */
  env?: string[];
  /** The container was created after the step began. */
  createdSinceStep?: boolean;
}

const STATE_WORDS: Record<ContainerState, Bilingual> = {
  running: bi("运行中", "running"),
  exited: bi("已退出", "exited"),
  created: bi("已创建未启动", "created"),
  paused: bi("已暂停", "paused"),
  restarting: bi("重启中", "restarting"),
  removing: bi("删除中", "removing"),
  dead: bi("已失效", "dead"),
};

function stateWord(state: string): Bilingual {
  return STATE_WORDS[state as ContainerState] ?? bi(state, state);
}

/**
 * `container:` — GET /containers/json?all=1 finds the candidates (by name, or all of them);
 * GET /containers/{id}/json is read only when ports, mounts, memory, restart or env are asked for.
 */
export const containerKind: CheckKind<ContainerCheck> = {
  key: "container",
  mainKey: "name",
  keys: ["name", "exists", "state", "image", "ports", "mounts", "memory", "restart", "env", "createdSinceStep"],
  doc: {
    asks: "a container (named, or any) in this state, from this image, with these ports, mounts, memory limit, restart policy, environment; or none such",
    judgedBy: "GET /containers/json?all=1, /containers/{id}/json",
  },
  parse: parseContainer,

  describe(c) {
    const d = describeWanted(c);
    return c.exists ? bi(`存在${d.zh}`, `a ${d.en}`) : bi(`不存在${d.zh}`, `no ${d.en}`);
  },

  async evaluate(c, s) {
    const list = (await s.engineGet<ContainerSummary[]>("/containers/json?all=1")).body ?? [];
    const candidates = c.name ? list.filter((x) => displayName(x) === c.name) : list;
    const judged = await Promise.all(candidates.map(async (x) => ({ name: displayName(x), unmet: await differences(c, x, s) })));
    const matching = judged.filter((j) => j.unmet.length === 0);
    const wanted = describeWanted(c);

    if (!c.exists) {
      if (matching.length === 0) return PASS;
      if (c.name && onlyName(c)) return fail(bi(`名为 ${c.name} 的容器仍然存在`, `The container named ${c.name} still exists`));
      const names = matching.map((m) => m.name).join(", ");
      return fail(bi(`不应该有${wanted.zh}，但找到了：${names}`, `Expected no ${wanted.en}, but found: ${names}`));
    }
    if (matching.length > 0) return PASS;
    if (c.name && judged.length > 0) return fail(...judged[0]!.unmet);
    const missing = bi(`没有找到${wanted.zh}`, `No ${wanted.en}`);
    if (judged.length === 0) return fail(missing);
    const closest = judged.reduce((a, b) => (b.unmet.length < a.unmet.length ? b : a));
    return fail(
      bi(
        `${missing.zh}。最接近的是容器 ${closest.name}：${closest.unmet.map((u) => u.zh).join("；")}`,
        `${missing.en}. Closest: container ${closest.name} — ${closest.unmet.map((u) => u.en).join("; ")}`,
      ),
    );
  },
};

function displayName(x: ContainerSummary): string {
  return (x.Names[0] ?? x.Id.slice(0, 12)).replace(/^\//, "");
}

function onlyName(c: ContainerCheck): boolean {
  return !c.state && !c.image && !c.ports && !c.mounts && !c.memory && !c.restart && !c.env && !c.createdSinceStep;
}

/** "名为 web 的运行中容器（镜像 nginx:alpine，端口 8080:80）" / "running container named web (image nginx:alpine, port 8080:80)". */
function describeWanted(c: ContainerCheck): Bilingual {
  const parts: Bilingual[] = [];
  if (c.image) parts.push(bi(`镜像 ${c.image}`, `image ${c.image}`));
  for (const p of c.ports ?? []) parts.push(bi(`端口 ${p}`, `port ${p}`));
  for (const m of c.mounts ?? []) parts.push(bi(`挂载 ${m}`, `mount ${m}`));
  if (c.memory) parts.push(bi(`内存上限 ${c.memory}`, `memory limit ${c.memory}`));
  if (c.restart) parts.push(bi(`重启策略 ${c.restart}`, `restart policy ${c.restart}`));
  for (const e of c.env ?? []) parts.push(bi(`环境变量 ${e}`, `env ${e}`));
  if (c.createdSinceStep) parts.push(bi("在本步骤中创建", "created in this step"));
  const state = c.state ? stateWord(c.state) : undefined;
  const zh = `${c.name ? `名为 ${c.name} 的` : ""}${state ? state.zh : ""}容器` + (parts.length ? `（${parts.map((p) => p.zh).join("，")}）` : "");
  const en = `${state ? state.en + " " : ""}container${c.name ? ` named ${c.name}` : ""}` + (parts.length ? ` (${parts.map((p) => p.en).join(", ")})` : "");
  return bi(zh, en);
}

/** Every condition this container does not meet, in words. */
async function differences(c: ContainerCheck, x: ContainerSummary, s: CheckSession): Promise<Bilingual[]> {
  const n = displayName(x);
  const out: Bilingual[] = [];
  if (c.state && x.State !== c.state) {
    const have = stateWord(x.State);
    const want = stateWord(c.state);
    out.push(bi(`容器 ${n} 的状态是“${have.zh}”（${x.State}），应为“${want.zh}”（${c.state}）`, `Container ${n} is ${x.State}, not ${c.state}`));
  }
  if (c.image && !(await sameImage(c.image, x, s))) {
    out.push(bi(`容器 ${n} 使用的镜像是 ${x.Image}，而不是 ${c.image}`, `Container ${n} runs image ${x.Image}, not ${c.image}`));
  }
  if (c.createdSinceStep && x.Created < Math.floor(s.ctx.stepStartedAt)) {
    out.push(
      bi(`容器 ${n} 是在本步骤开始之前创建的，请在本步骤中重新创建它`, `Container ${n} was created before this step began; create it again in this step`),
    );
  }
  if (c.ports || c.mounts || c.memory || c.restart || c.env) {
    const info = (await s.engineGet<ContainerInspect>(`/containers/${x.Id}/json`)).body;
    if (!info) out.push(bi(`容器 ${n} 刚刚被删除了`, `Container ${n} was just removed`));
    else out.push(...inspectDifferences(c, n, info));
  }
  return out;
}

async function sameImage(want: string, x: ContainerSummary, s: CheckSession): Promise<boolean> {
  if (sameImageRef(x.Image, want)) return true;
  // Started by ID, or the tag moved since: compare image IDs.
  const image = await inspectImage(s, want);
  return image !== undefined && image.Id === x.ImageID;
}

function inspectDifferences(c: ContainerCheck, n: string, info: ContainerInspect): Bilingual[] {
  const out: Bilingual[] = [];
  for (const spec of c.ports ?? []) {
    if (!publishes(info, spec)) {
      const p = parsePortSpec(spec)!;
      out.push(
        p.hostPort
          ? bi(
              `容器 ${n} 没有把容器端口 ${p.containerPort} 映射到宿主机端口 ${p.hostPort}（-p ${spec}）`,
              `Container ${n} does not publish container port ${p.containerPort} on host port ${p.hostPort} (-p ${spec})`,
            )
          : bi(`容器 ${n} 没有发布容器端口 ${p.containerPort}（-p ${spec}）`, `Container ${n} does not publish container port ${p.containerPort} (-p ${spec})`),
      );
    }
  }
  for (const spec of c.mounts ?? []) {
    const m = parseMountSpec(spec)!;
    const found = (info.Mounts ?? []).find((mp) => cleanPath(mp.Destination) === m.destination);
    const sourceOk = found && (m.source === undefined || (m.source.startsWith("/") ? cleanPath(found.Source ?? "") === m.source : found.Name === m.source));
    const modeOk = found && (m.mode === undefined || (m.mode === "ro") === (found.RW === false));
    if (!found) {
      out.push(
        m.source
          ? bi(
              `容器 ${n} 没有把 ${m.source} 挂载到 ${m.destination}（-v ${spec}）`,
              `Container ${n} does not mount ${m.source} at ${m.destination} (-v ${spec})`,
            )
          : bi(`容器 ${n} 的 ${m.destination} 没有挂载任何目录或数据卷`, `Container ${n} has nothing mounted at ${m.destination}`),
      );
    } else if (!sourceOk) {
      const have = found.Type === "volume" ? (found.Name ?? found.Source ?? "") : (found.Source ?? "");
      out.push(bi(`容器 ${n} 的 ${m.destination} 挂载的是 ${have}，而不是 ${m.source}`, `Container ${n} mounts ${have} at ${m.destination}, not ${m.source}`));
    } else if (!modeOk) {
      out.push(
        bi(
          `容器 ${n} 的 ${m.destination} 应以 ${m.mode} 方式挂载`,
          `Container ${n} should mount ${m.destination} ${m.mode === "ro" ? "read-only" : "read-write"}`,
        ),
      );
    }
  }
  if (c.memory) {
    const want = parseMemory(c.memory)!;
    const have = info.HostConfig.Memory ?? 0;
    if (have !== want) {
      const haveText = have ? formatBytes(have) : undefined;
      out.push(
        bi(
          `容器 ${n} ${haveText ? `的内存上限是 ${haveText}` : "没有设置内存上限"}，应为 ${c.memory}（--memory=${c.memory}）`,
          `Container ${n} has memory limit ${haveText ?? "none"}, expected ${c.memory} (--memory=${c.memory})`,
        ),
      );
    }
  }
  if (c.restart) {
    const want = parseRestart(c.restart)!;
    const policy = info.HostConfig.RestartPolicy ?? {};
    const haveName = policy.Name || "no";
    const ok = haveName === want.name && (want.maxRetries === undefined || policy.MaximumRetryCount === want.maxRetries);
    if (!ok) {
      const have = haveName + (policy.MaximumRetryCount ? `:${policy.MaximumRetryCount}` : "");
      out.push(
        bi(
          `容器 ${n} 的重启策略是 ${have}，应为 ${c.restart}（--restart ${c.restart}）`,
          `Container ${n} has restart policy ${have}, expected ${c.restart} (--restart ${c.restart})`,
        ),
      );
    }
  }
  const env = info.Config.Env ?? [];
  for (const spec of c.env ?? []) {
    const eq = spec.indexOf("=");
    const key = eq < 0 ? spec : spec.slice(0, eq);
    const entry = env.find((e) => e === key || e.startsWith(key + "="));
    if (!entry) out.push(bi(`容器 ${n} 没有设置环境变量 ${key}（-e ${spec}）`, `Container ${n} has no environment variable ${key} (-e ${spec})`));
    else if (eq >= 0 && entry !== spec) {
      const have = entry.slice(key.length + 1);
      out.push(
        bi(`容器 ${n} 的环境变量 ${key} 是“${have}”，应为“${spec.slice(eq + 1)}”`, `Container ${n} has ${key}="${have}", expected "${spec.slice(eq + 1)}"`),
      );
    }
  }
  return out;
}

/** Published according to the container's configuration (PortBindings) or its live network settings. */
function publishes(info: ContainerInspect, spec: string): boolean {
  const p = parsePortSpec(spec)!;
  const key = `${p.containerPort}/${p.proto}`;
  const bindings: PortBinding[] = [...(info.HostConfig.PortBindings?.[key] ?? []), ...(info.NetworkSettings?.Ports?.[key] ?? [])];
  return bindings.some(
    (b) =>
      (p.hostPort === undefined || b.HostPort === p.hostPort) && (p.hostIp === undefined || b.HostIp === p.hostIp || (p.hostIp === "0.0.0.0" && !b.HostIp)),
  );
}

function formatBytes(bytes: number): string {
  for (const [unit, size] of [
    ["g", 1024 ** 3],
    ["m", 1024 ** 2],
    ["k", 1024],
  ] as const) {
    if (bytes % size === 0) return `${bytes / size}${unit}`;
  }
  return `${bytes}b`;
}

function parseContainer(site: ValueSite, o: Record<string, unknown>, where: string): ContainerCheck {
  const check: ContainerCheck = { kind: "container", exists: readOptional(o, "exists", (v, at) => readBoolean(site, v, at), where) ?? true };
  const name = readOptional(o, "name", (v, at) => readNonEmptyString(site, v, at), where);
  if (name) check.name = name.replace(/^\//, "");
  const state = readOptional(o, "state", (v, at) => readString(site, v, at), where);
  if (state !== undefined) {
    if (CONTAINER_STATES.includes(state as ContainerState)) check.state = state as ContainerState;
    else site.sink.error(site.file, `state must be one of ${CONTAINER_STATES.join(", ")}; found "${state}"`, join(where, "state"));
  }
  const image = readOptional(o, "image", (v, at) => readImageRef(site, v, at), where);
  if (image) check.image = image;
  const ports = readOptional(o, "ports", (v, at) => readStringList(site, v, at), where);
  if (ports) {
    ports.forEach((p, i) => {
      if (!parsePortSpec(p)) site.sink.error(site.file, `"${p}" is not a port mapping such as "8080:80"`, join(join(where, "ports"), i));
    });
    check.ports = ports;
  }
  const mounts = readOptional(o, "mounts", (v, at) => readStringList(site, v, at), where);
  if (mounts) {
    mounts.forEach((m, i) => {
      if (!parseMountSpec(m)) site.sink.error(site.file, `"${m}" is not a mount such as "/opt:/opt" (source:destination)`, join(join(where, "mounts"), i));
    });
    check.mounts = mounts;
  }
  const memory = readOptional(o, "memory", (v, at) => readString(site, v, at), where);
  if (memory !== undefined) {
    if (parseMemory(memory) === undefined) site.sink.error(site.file, `"${memory}" is not a memory size such as "500m"`, join(where, "memory"));
    check.memory = memory;
  }
  const restart = readOptional(o, "restart", (v, at) => readString(site, v, at), where);
  if (restart !== undefined) {
    if (!parseRestart(restart))
      site.sink.error(site.file, `restart must be no, always, unless-stopped or on-failure[:N]; found "${restart}"`, join(where, "restart"));
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
  const since = readOptional(o, "createdSinceStep", (v, at) => readBoolean(site, v, at), where);
  if (since !== undefined) check.createdSinceStep = since;
  return check;
}
