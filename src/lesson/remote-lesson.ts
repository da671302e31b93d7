import { parseDocument } from "yaml";
import type { Bilingual } from "./bilingual";
import type { LessonProblem } from "./lesson-problem";
import type { LessonFiles } from "./parse-lesson";

/**
 * A lesson folder on any static web host (GitHub Pages, a raw file host, a course site) that lets other sites read
 * it (CORS): `index.md`, whose `order:` names the step files (a web server lists no folder), then each step file.
 * Pictures are not fetched here: the page shows them from the folder's URL (render-untrusted in the UI).
 * The files are then read by the same parser and validator as the bundled lessons.
 */
export interface RemoteLesson {
  /** The folder's URL, ending in `/`: the lesson's id, where its progress is stored, and the base of its pictures. */
  url: string;
  files: LessonFiles;
  /** Step files that could not be fetched (each names its URL and HTTP status). */
  problems: LessonProblem[];
}

export type RemoteFailure =
  | { kind: "bad-url"; url: string }
  | { kind: "http"; url: string; status: number }
  | { kind: "network"; url: string }
  | { kind: "no-order"; url: string }
  | { kind: "too-large"; url: string };

/** Thrown by fetchRemoteLesson when there is no lesson to show: `failure` says why, `message` says it in both languages. */
export class RemoteLessonError extends Error {
  constructor(readonly failure: RemoteFailure) {
    super(describeFailure(failure).en);
    this.name = "RemoteLessonError";
  }
}

/** More than any lesson needs; a larger file is refused rather than read into the page. */
const MAX_FILE_BYTES = 1_000_000;
const MAX_STEPS = 200;

/**
 * The lesson folder's URL from what the learner typed: absolute, or relative to the page; a link to the folder's
 * `index.md` counts as the folder. Only http(s). Undefined when it is not a usable URL.
 */
export function lessonFolderUrl(input: string, pageUrl: string): string | undefined {
  let url: URL;
  try {
    url = new URL(input.trim(), pageUrl);
  } catch {
    return undefined;
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") return undefined;
  if (!input.trim()) return undefined;
  url.hash = "";
  url.search = "";
  url.pathname = url.pathname.replace(/\/index\.md$/i, "/");
  if (!url.pathname.endsWith("/")) url.pathname += "/";
  return url.href;
}

/** Fetch a lesson folder. Throws RemoteLessonError when index.md cannot be had; a missing step file is a problem. */
export async function fetchRemoteLesson(input: string, pageUrl: string, fetchFn: typeof fetch = fetch): Promise<RemoteLesson> {
  const url = lessonFolderUrl(input, pageUrl);
  if (!url) throw new RemoteLessonError({ kind: "bad-url", url: input });
  const index = await fetchText(new URL("index.md", url).href, fetchFn);
  if (typeof index !== "string") throw new RemoteLessonError(index);
  const order = readOrder(index);
  if (!order) throw new RemoteLessonError({ kind: "no-order", url: new URL("index.md", url).href });
  const files: LessonFiles = { "index.md": index };
  const problems: LessonProblem[] = [];
  const names = [...new Set(order.map((name) => (name.endsWith(".md") ? name : `${name}.md`)))].slice(0, MAX_STEPS);
  await Promise.all(
    names.map(async (file) => {
      if (!/^[^/\\?#]+\.md$/.test(file) || file === "index.md") return; // the validator reports it (order lists a file that is not there)
      const text = await fetchText(new URL(encodeURIComponent(file), url).href, fetchFn);
      if (typeof text === "string") files[file] = text;
      else problems.push({ severity: "error", file, message: describeFailure(text).en });
    }),
  );
  return { url, files, problems };
}

/** index.md's `order:` list, or undefined when it has none (the validator reports a malformed one). */
function readOrder(index: string): string[] | undefined {
  const m = /^\uFEFF?---\r?\n([\s\S]*?)\r?\n(?:---|\.\.\.)\s*(?:\r?\n|$)/.exec(index);
  if (!m) return undefined;
  const doc = parseDocument(m[1]!);
  if (doc.errors.length) return [];
  const data = doc.toJS() as { order?: unknown } | null;
  if (!data || typeof data !== "object" || data.order === undefined || data.order === null) return undefined;
  return Array.isArray(data.order) ? data.order.filter((x): x is string => typeof x === "string") : [];
}

async function fetchText(url: string, fetchFn: typeof fetch): Promise<string | RemoteFailure> {
  let res: Response;
  try {
    // no cookies or credentials go to the lesson's host; a teacher's edit shows on the next load
    res = await fetchFn(url, { credentials: "omit", cache: "no-cache", redirect: "follow" });
  } catch {
    return { kind: "network", url };
  }
  if (!res.ok) return { kind: "http", url, status: res.status };
  if (Number(res.headers.get("content-length") ?? 0) > MAX_FILE_BYTES) return { kind: "too-large", url };
  const text = await res.text();
  return text.length > MAX_FILE_BYTES ? { kind: "too-large", url } : text;
}

/** What went wrong and what to do, in both languages, naming the URL. */
export function describeFailure(f: RemoteFailure): Bilingual {
  switch (f.kind) {
    case "bad-url":
      return {
        zh: `“${f.url}”不是可用的课程地址：需要一个 http(s) 网址，指向含有 index.md 的课程文件夹。`,
        en: `“${f.url}” is not a usable lesson address: it needs an http(s) URL of the lesson folder (the one with index.md).`,
      };
    case "http":
      return f.status === 404
        ? {
            zh: `${f.url} 不存在（HTTP 404）：请检查地址，它应该指向含有 index.md 的课程文件夹，并且文件已经发布。`,
            en: `${f.url} was not found (HTTP 404): check the address; it should point at the lesson folder (the one with index.md), and the files must be published.`,
          }
        : {
            zh: `${f.url} 返回了 HTTP ${f.status}：服务器拒绝或出错，请稍后再试或检查地址。`,
            en: `${f.url} answered HTTP ${f.status}: the server refused or failed; try again later or check the address.`,
          };
    case "network":
      return {
        zh: `无法读取 ${f.url}：可能是该网站不允许其他网站读取它的文件（CORS，GitHub Pages 和 raw.githubusercontent.com 是允许的），或者网络未连接、地址拼写有误。`,
        en: `Could not read ${f.url}: the site may not let other sites read its files (CORS; GitHub Pages and raw.githubusercontent.com do), or the network is down, or the address is misspelt.`,
      };
    case "no-order":
      return {
        zh: `${f.url} 的 frontmatter 里没有 order: 列表。网页服务器不会列出文件夹的内容，所以从网址加载的课程必须在 order: 中列出每个步骤文件。`,
        en: `${f.url} has no order: list in its frontmatter. A web server does not list a folder's files, so a lesson loaded from a URL must name every step file under order:.`,
      };
    case "too-large":
      return {
        zh: `${f.url} 超过 1 MB，不像是课程文件，已拒绝读取。`,
        en: `${f.url} is larger than 1 MB, which no lesson file needs; it was not read.`,
      };
  }
}

/**
 * Where a picture of a lesson from a URL may be shown from: the lesson folder itself (or below it), or a data: URL
 * of a raster image; undefined for anything else (another site, a parent folder, SVG data).
 */
export function remotePictureUrl(folderUrl: string, src: string): string | undefined {
  if (/^data:image\/(png|jpeg|gif|webp);/i.test(src)) return src;
  let url: URL;
  try {
    url = new URL(src, folderUrl);
  } catch {
    return undefined;
  }
  return url.href.startsWith(folderUrl) && !/%2e%2e|\.\./i.test(url.pathname.slice(new URL(folderUrl).pathname.length)) ? url.href : undefined;
}
