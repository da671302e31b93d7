/**
 * What the page (and the lesson's check engine) can ask the guest, over the guest channel.
 * The channel never touches the learner's terminal. Everything is judged from engine state.
 */

export interface GuestHttpResponse {
  status: number;
  /** Header names lower-cased. */
  headers: Record<string, string>;
  body: Uint8Array;
  /** The body decoded as UTF-8. */
  text(): string;
  /** The body parsed as JSON (throws on invalid JSON). */
  json<T = unknown>(): T;
}

/** A response whose body is read piece by piece, as it arrives from the guest. */
export interface GuestHttpStream {
  status: number;
  statusText: string;
  /** Header names lower-cased (a repeated header keeps its last value). */
  headers: Record<string, string>;
  /** Every header line in order, names as sent (one Set-Cookie line per cookie). */
  raw: [string, string][];
  /** The next piece of the body, or null at its end. */
  read(): Promise<Uint8Array | null>;
  /** Stops reading and closes the connection. */
  close(): void;
}

export interface GuestExecResult {
  code: number;
  stdout: Uint8Array;
  stderr: Uint8Array;
  /** stdout decoded as UTF-8 */
  out: string;
  /** stderr decoded as UTF-8 */
  err: string;
}

/** One event of the Docker Engine `/events` stream (fields as Docker sends them). */
export interface DockerEvent {
  Type: string; // "container" | "image" | "network" | "volume" | "daemon" ...
  Action: string; // "create" | "start" | "pull" | "tag" | "exec_start: sh" | "push" | "save" | "load" ...
  Actor: { ID: string; Attributes: Record<string, string> };
  time: number; // seconds since epoch
  timeNano: number;
  scope?: string;
  status?: string;
  id?: string;
  from?: string;
}

/** One event's identity: a re-subscription replays events, and each must count once. */
export function dockerEventKey(e: DockerEvent): string {
  return `${e.timeNano}|${e.Type}|${e.Action}|${e.Actor?.ID}`;
}

export interface GuestApi {
  /**
   * A Docker Engine API call over /var/run/docker.sock inside the guest.
   * `path` is unversioned ("/containers/json?all=1") or versioned ("/v1.45/images/json").
   * A JSON `body` is serialised and sent with Content-Type: application/json.
   */
  engine(method: string, path: string, body?: unknown): Promise<GuestHttpResponse>;
  /**
   * Subscribe to the engine's `/events` stream (query string without `?`, e.g. `since=1700000000`).
   * `onEnd` is called when the stream ends without being unsubscribed (dockerd stopped or restarted).
   */
  engineEvents(query: string, onEvent: (ev: DockerEvent) => void, onEnd?: () => void): Promise<() => void>;
  /** An HTTP request made from inside the guest (e.g. "http://172.21.51.143:8080/"). */
  http(url: string, init?: { method?: string; headers?: Record<string, string>; body?: string | Uint8Array }): Promise<GuestHttpResponse>;
  /**
   * Like http(), but answers once the response head has arrived; the body is then read piece by piece, with no
   * size limit and no time limit (the caller closes it).
   */
  httpStream(url: string, init?: { method?: string; headers?: Record<string, string>; body?: Uint8Array }): Promise<GuestHttpStream>;
  /** Run a program in the guest (not in the learner's shell). */
  exec(argv: string[], opts?: { stdin?: string | Uint8Array; timeoutMs?: number; signal?: AbortSignal }): Promise<GuestExecResult>;
  /** A file's bytes, or null when it does not exist. */
  readFile(path: string): Promise<Uint8Array | null>;
  writeFile(path: string, data: string | Uint8Array): Promise<void>;
}

/**
 * Where the learner's shell keeps its history: appended after every command
 * (PROMPT_COMMAND='history -a'), each entry preceded by a `#<epoch seconds>` line.
 */
export const SHELL_HISTORY_PATH = "/root/.bash_history";
