import type { DockerEvent, GuestApi, GuestExecResult, GuestHttpResponse, GuestHttpStream } from "./guest-api";
import { answerWithin, concat, type GuestChannel, type GuestStream } from "./guest-channel";
import { encodeRequest, ResponseParser, type ResponseHead } from "./http-parser";

const enc = new TextEncoder();
const dec = new TextDecoder();
export const DOCKER_SOCKET = "unix:/var/run/docker.sock";

function response(head: ResponseHead, body: Uint8Array): GuestHttpResponse {
  return {
    status: head.status,
    headers: head.headers,
    body,
    text: () => dec.decode(body),
    json: <T>() => JSON.parse(dec.decode(body)) as T,
  };
}

/** Sends one HTTP request over a fresh guest stream and reads the whole response. */
async function request(
  stream: GuestStream,
  method: string,
  path: string,
  host: string,
  headers: Record<string, string>,
  body: Uint8Array | undefined,
): Promise<GuestHttpResponse> {
  const parts: Uint8Array[] = [];
  const parser = new ResponseParser((b) => parts.push(b));
  stream.write(encodeRequest(method, path, host, headers, body));
  for (let chunk = await stream.read(); chunk; chunk = await stream.read()) {
    parser.push(chunk);
    if (parser.done) break;
  }
  parser.end();
  stream.close();
  if (!parser.head) throw new Error(stream.error ?? `no HTTP response from ${host}${path}`);
  return response(parser.head, concat(parts));
}

function httpUrl(url: string): URL {
  const u = new URL(url);
  if (u.protocol !== "http:") throw new Error(`only http:// URLs can be probed inside the guest: ${url}`);
  return u;
}

/** Sends one HTTP request and answers with the response head; the body is read as it arrives. */
async function streamResponse(
  stream: GuestStream,
  method: string,
  path: string,
  host: string,
  headers: Record<string, string>,
  body: Uint8Array | undefined,
): Promise<GuestHttpStream> {
  const pending: Uint8Array[] = [];
  const parser = new ResponseParser((b) => pending.push(b));
  /** Reads one more piece from the guest; false once the response (or the connection) has ended. */
  const pump = async (): Promise<boolean> => {
    if (parser.done) return false;
    const chunk = await stream.read();
    if (!chunk) {
      parser.end();
      return false;
    }
    parser.push(chunk);
    return true;
  };
  try {
    stream.write(encodeRequest(method, path, host, headers, body));
    while (!parser.head && (await pump()));
  } catch (e) {
    stream.close();
    throw e;
  }
  const head = parser.head;
  if (!head) {
    stream.close();
    throw new Error(stream.error ?? `no HTTP response from ${host}${path}`);
  }
  return {
    ...head,
    async read() {
      while (!pending.length && (await pump()));
      const piece = pending.shift() ?? null;
      if (!piece) stream.close();
      return piece;
    },
    close: () => stream.close(),
  };
}

/** GuestApi over the guest channel: Engine API on the docker socket, HTTP probes, exec and files. */
export function createGuestApi(channel: GuestChannel, defaultTimeoutMs = 60000): GuestApi {
  const api: GuestApi = {
    async engine(method, path, body) {
      const stream = await channel.open(DOCKER_SOCKET);
      const payload = body === undefined ? undefined : enc.encode(JSON.stringify(body));
      const headers: Record<string, string> = payload ? { "Content-Type": "application/json" } : {};
      return answerWithin(request(stream, method, path, "docker", headers, payload), defaultTimeoutMs, `engine ${method} ${path}`);
    },

    async engineEvents(query, onEvent, onEnd) {
      const stream = await channel.open(DOCKER_SOCKET);
      let unsubscribed = false;
      let line = "";
      const parser = new ResponseParser((bytes) => {
        line += dec.decode(bytes, { stream: true });
        let nl: number;
        while ((nl = line.indexOf("\n")) >= 0) {
          const text = line.slice(0, nl).trim();
          line = line.slice(nl + 1);
          if (text) {
            try {
              onEvent(JSON.parse(text) as DockerEvent);
            } catch {
              /* a malformed event line is skipped */
            }
          }
        }
      });
      stream.onData = (b) => parser.push(b);
      stream.write(encodeRequest("GET", `/events${query ? `?${query}` : ""}`, "docker", {}));
      // with onData set, read() only returns (null) once the stream has ended
      void stream.read().then(() => {
        if (!unsubscribed) onEnd?.();
      });
      return () => {
        unsubscribed = true;
        stream.close();
      };
    },

    async http(url, init = {}) {
      const u = httpUrl(url);
      const stream = await channel.open(`tcp:${u.hostname}:${u.port || "80"}`);
      const body = typeof init.body === "string" ? enc.encode(init.body) : init.body;
      return answerWithin(request(stream, init.method ?? "GET", u.pathname + u.search, u.host, init.headers ?? {}, body), defaultTimeoutMs, `GET ${url}`);
    },

    async httpStream(url, init = {}) {
      const u = httpUrl(url);
      const stream = await channel.open(`tcp:${u.hostname}:${u.port || "80"}`);
      return answerWithin(
        streamResponse(stream, init.method ?? "GET", u.pathname + u.search, u.host, init.headers ?? {}, init.body),
        defaultTimeoutMs,
        `${init.method ?? "GET"} ${url}`,
      );
    },

    async exec(argv, opts = {}) {
      const stream = await channel.spawn(argv);
      if (opts.stdin !== undefined) stream.write(opts.stdin);
      stream.end();
      // closing the stream makes the agent kill the program's process group
      opts.signal?.addEventListener("abort", () => stream.close(), { once: true });
      const stdout = await answerWithin(stream.readAll(), opts.timeoutMs ?? defaultTimeoutMs, `exec ${argv[0]}`).catch((e) => {
        stream.close();
        throw e;
      });
      if (stream.error) throw new Error(stream.error);
      const stderr = concat(stream.stderr);
      const result: GuestExecResult = {
        code: stream.exitCode ?? -1,
        stdout,
        stderr,
        out: dec.decode(stdout),
        err: dec.decode(stderr),
      };
      return result;
    },

    async readFile(path) {
      const r = await api.exec(["/bin/sh", "-c", 'test -f "$1" || exit 44; exec cat -- "$1"', "sh", path]);
      if (r.code === 44) return null;
      if (r.code !== 0) throw new Error(`cannot read ${path}: ${r.err.trim()}`);
      return r.stdout;
    },

    async writeFile(path, data) {
      const r = await api.exec(["/bin/sh", "-c", 'cat > "$1"', "sh", path], { stdin: data });
      if (r.code !== 0) throw new Error(`cannot write ${path}: ${r.err.trim()}`);
    },
  };
  return api;
}
