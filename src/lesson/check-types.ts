import type { Bilingual } from "./bilingual";
import type { DockerEvent, GuestApi } from "../vm/guest-api";

/**
 * A declarative step check, as the parser hands it to the engine: the YAML a teacher wrote,
 * normalised (shorthands expanded, defaults filled in) and tagged with `kind`.
 * Every check may carry `message`, which replaces the generated "unmet" text when it fails.
 */
export type Check =
  | AllCheck
  | AnyCheck
  | NotCheck
  | ImageCheck
  | ContainerCheck
  | EventCheck
  | FileCheck
  | HttpCheck
  | RegistryCheck
  | HistoryCheck
  | NetworkCheck
  | VolumeCheck
  | CommandCheck;

export type CheckKind = Check["kind"];

interface CheckBase {
  /** The teacher's own words for the unmet condition (optional). */
  message?: Bilingual;
}

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

/** `image:` — an image in the engine's store. */
export interface ImageCheck extends CheckBase {
  kind: "image";
  ref: string;
  exists: boolean;
  /** Labels the image must carry (Config.Labels), values compared as strings. */
  label?: Record<string, string>;
  /** Another reference that must resolve to the same image ID. */
  sameIdAs?: string;
}

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
  /** "step" (default): only events since the step began; "any": every event the runtime kept. */
  since: "step" | "any";
}

export type JsonCondition =
  | { path: string; includes: JsonValue }
  | { path: string; equals: JsonValue }
  | { path: string; exists: boolean };

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** `file:` — a file in the guest. */
export interface FileCheck extends CheckBase {
  kind: "file";
  path: string;
  exists: boolean;
  contains?: string;
  json?: JsonCondition;
}

/** `http:` — an HTTP request made inside the guest. */
export interface HttpCheck extends CheckBase {
  kind: "http";
  url: string;
  /** Expected status; without it any status from 200 to 399 passes. */
  status?: number;
  contains?: string;
}

/** `registry:` — a repository (and tag) in a Docker registry, via its /v2 API. */
export interface RegistryCheck extends CheckBase {
  kind: "registry";
  url: string;
  repository: string;
  tag?: string;
}

/** `history:` — a command typed in the learner's shell since the step began (read-only commands only). */
export interface HistoryCheck extends CheckBase {
  kind: "history";
  /** A JavaScript regular expression source, tested against each command. */
  matches: string;
}

/** `network:` — a network in the engine (GET /networks/{name}), with these containers attached. */
export interface NetworkCheck extends CheckBase {
  kind: "network";
  name: string;
  exists: boolean;
  /** bridge, host, overlay, macvlan, none… */
  driver?: string;
  /** Container names that must be connected to the network. */
  containers?: string[];
}

/** `volume:` — a volume in the engine (GET /volumes/{name}), optionally holding a file. */
export interface VolumeCheck extends CheckBase {
  kind: "volume";
  name: string;
  exists: boolean;
  driver?: string;
  /** A file inside the volume (path relative to its root), optionally containing a text. */
  file?: { path: string; contains?: string };
}

/**
 * `command:` — the escape hatch for what no other kind covers: a short shell command run in the guest (as root, not
 * in the learner's shell); exit status 0 passes. Time-limited; the validator lists every step that uses one.
 */
export interface CommandCheck extends CheckBase {
  kind: "command";
  run: string;
  /** Seconds before the command is killed and the check counts as not judged. */
  timeout: number;
}

/** What `evaluateCheck` needs from the runtime. */
export interface CheckContext {
  guest: GuestApi;
  /** When the current step began, seconds since epoch (guest clock). */
  stepStartedAt: number;
  /** Engine events received since the step began. */
  events: DockerEvent[];
  /** Give up on one condition after this long (default 20 s). */
  timeoutMs?: number;
}

/** The verdict on a check: every unmet condition in plain words. */
export interface CheckResult {
  ok: boolean;
  unmet: Bilingual[];
}
