import { bi, type Bilingual } from "./bilingual";
import type { CheckContext } from "./check-types";
import { errText } from "../lib/errors";
import type { GuestHttpResponse } from "../vm/guest-api";

/**
 * A condition could not be judged (engine unreachable, bad JSON, timeout…). The message is shown
 * to the learner as the unmet item; `not`/`any` never turn it into a pass.
 */
export class CheckError extends Error {
  constructor(readonly unmet: Bilingual) {
    super(unmet.en);
    this.name = "CheckError";
  }
}

export interface EngineReply<T> {
  status: number;
  /** The parsed body for 2xx replies; undefined for 404. */
  body: T | undefined;
}

/**
 * What predicates use to ask the guest during one evaluation. Engine GETs and file reads are
 * memoised for the evaluation, so `all: [container…, container…]` lists containers once.
 */
export interface CheckSession {
  readonly ctx: CheckContext;
  /** GET an Engine API path; 2xx → body, 404 → undefined body; anything else → CheckError. */
  engineGet<T>(path: string): Promise<EngineReply<T>>;
  /** A guest file as text, or null when it does not exist. */
  readText(path: string): Promise<string | null>;
  /** Whether a guest path exists, without reading it (a saved image tar can be hundreds of MB). */
  exists(path: string): Promise<boolean>;
  /** An HTTP GET made inside the guest; a failure to connect → CheckError. */
  httpGet(url: string): Promise<GuestHttpResponse>;
}

export function createCheckSession(ctx: CheckContext): CheckSession {
  const engineCache = new Map<string, Promise<EngineReply<unknown>>>();
  const fileCache = new Map<string, Promise<string | null>>();
  const existsCache = new Map<string, Promise<boolean>>();
  const httpCache = new Map<string, Promise<GuestHttpResponse>>();
  const memo = <T>(cache: Map<string, Promise<T>>, key: string, load: () => Promise<T>): Promise<T> => {
    let p = cache.get(key);
    if (!p) {
      p = load();
      cache.set(key, p);
    }
    return p;
  };

  return {
    ctx,
    engineGet<T>(path: string) {
      return memo(engineCache, path, async () => {
        let res: GuestHttpResponse;
        try {
          res = await ctx.guest.engine("GET", path);
        } catch (e) {
          throw new CheckError(bi(`无法连接到 Docker 引擎（${errText(e)}）`, `Could not reach the Docker engine (${errText(e)})`));
        }
        if (res.status === 404) return { status: 404, body: undefined };
        if (res.status < 200 || res.status >= 300) {
          const msg = engineMessage(res);
          throw new CheckError(bi(`Docker 引擎返回了错误 ${res.status}：${msg}`, `The Docker engine answered ${res.status}: ${msg}`));
        }
        try {
          return { status: res.status, body: res.json<unknown>() };
        } catch (e) {
          throw new CheckError(bi(`Docker 引擎的回答不是有效的 JSON（${errText(e)}）`, `The Docker engine's answer is not valid JSON (${errText(e)})`));
        }
      }) as Promise<EngineReply<T>>;
    },
    readText(path: string) {
      return memo(fileCache, path, async () => {
        try {
          const bytes = await ctx.guest.readFile(path);
          return bytes === null ? null : new TextDecoder().decode(bytes);
        } catch (e) {
          throw new CheckError(bi(`无法读取文件 ${path}（${errText(e)}）`, `Could not read the file ${path} (${errText(e)})`));
        }
      });
    },
    exists(path: string) {
      return memo(existsCache, path, async () => {
        try {
          return (await ctx.guest.exec(["test", "-e", path], { timeoutMs: 15_000 })).code === 0;
        } catch (e) {
          throw new CheckError(bi(`无法检查文件 ${path}（${errText(e)}）`, `Could not check the file ${path} (${errText(e)})`));
        }
      });
    },
    httpGet(url: string) {
      return memo(httpCache, url, async () => {
        try {
          return await ctx.guest.http(url);
        } catch (e) {
          throw new CheckError(bi(`无法访问 ${url}（${errText(e)}）`, `Could not reach ${url} (${errText(e)})`));
        }
      });
    },
  };
}

/** Docker's error replies are `{"message": "..."}`. */
function engineMessage(res: GuestHttpResponse): string {
  try {
    const body = res.json<{ message?: unknown }>();
    if (body && typeof body.message === "string") return body.message;
  } catch {
    /* not JSON */
  }
  return res.text().slice(0, 200) || "(empty)";
}
