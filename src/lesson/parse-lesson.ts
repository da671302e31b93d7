import { LANGS, type Bilingual, type Lang } from "./bilingual";
import { extractCodeBlocks } from "./code-blocks";
import { splitFrontmatter } from "./frontmatter";
import { splitLanguageBlocks } from "./language-blocks";
import { LessonFormatError, ProblemSink, type LessonProblem } from "./lesson-problem";
import type { Lesson, LessonText, Step } from "./lesson-types";
import { parseCheckValue } from "./parse-check";
import {
  checkKeys,
  isRecord,
  join,
  readBilingual,
  readNonEmptyString,
  readString,
  readStringList,
  readStringMap,
  typeName,
  type ValueSite,
} from "./read-values";

/** Files of one lesson folder: path relative to the folder (`index.md`, `01-images.md`) → text. */
export type LessonFiles = Record<string, string>;

export interface ParseLessonOptions {
  /** The lesson's id, normally its folder name. */
  id?: string;
}

const INDEX_KEYS = ["title", "description", "order"];
const STEP_KEYS = ["id", "title", "section", "setup", "check", "hints", "solution", "expectedErrors", "interrupt"];
/** `NN-slug.md` at the top of the folder. */
const STEP_FILE = /^\d+[-_][^/]*\.md$/;

/**
 * Read a lesson folder. Never throws: every problem (errors and warnings, with file, line and key
 * path) is returned beside a best-effort lesson.
 */
export function readLesson(files: LessonFiles, options: ParseLessonOptions = {}): { lesson: Lesson; problems: LessonProblem[] } {
  const sink = new ProblemSink();
  const id = options.id ?? "lesson";
  const index = readIndex(sink, files);
  const stepFiles = chooseStepFiles(sink, files, index.order);
  const steps = stepFiles.map((file) => readStep({ sink, file }, files[file]!));
  const seen = new Map<string, string>();
  for (const step of steps) {
    const other = seen.get(step.id);
    if (other) sink.error(step.file, `step id "${step.id}" is already used by ${other}`, "id");
    else seen.set(step.id, step.file);
  }
  if (steps.length === 0) sink.error("index.md", "the lesson has no steps (add NN-slug.md files or list them under order:)");
  return { lesson: { id, title: index.title, description: index.description, intro: index.intro, steps }, problems: sink.problems };
}

/** Read a lesson folder; throws LessonFormatError listing every error (warnings do not throw). */
export function parseLesson(files: LessonFiles, options: ParseLessonOptions = {}): Lesson {
  const { lesson, problems } = readLesson(files, options);
  const errors = problems.filter((p) => p.severity === "error");
  if (errors.length) throw new LessonFormatError(lesson.id, errors);
  return lesson;
}

function readIndex(sink: ProblemSink, files: LessonFiles): { title: Bilingual; description: Bilingual; order?: string[]; intro: Record<Lang, LessonText> } {
  const site = { sink, file: "index.md" };
  const source = files["index.md"];
  const empty = { zh: "", en: "" };
  if (source === undefined) {
    sink.error("index.md", "missing: every lesson folder needs an index.md with title and description");
    return { title: empty, description: empty, intro: readBody(site, "", 0) };
  }
  const fm = splitFrontmatter(site, source);
  const keys = keySite(site, fm.failed);
  const data = frontmatterObject(keys, fm.data);
  checkKeys(keys, data, INDEX_KEYS, "");
  const title = need(keys, data, "title", (v, at) => readBilingual(keys, v, at)) ?? empty;
  const description = need(keys, data, "description", (v, at) => readBilingual(keys, v, at)) ?? empty;
  const order = data.order === undefined ? undefined : readStringList(keys, data.order, "order");
  const out: { title: Bilingual; description: Bilingual; order?: string[]; intro: Record<Lang, LessonText> } = {
    title,
    description,
    intro: readBody(site, fm.body, fm.bodyLineOffset),
  };
  if (order) out.order = order;
  return out;
}

function chooseStepFiles(sink: ProblemSink, files: LessonFiles, order: string[] | undefined): string[] {
  const topLevel = Object.keys(files).filter((f) => !f.includes("/") && f.endsWith(".md") && f !== "index.md" && f.toLowerCase() !== "readme.md");
  if (!order) {
    for (const f of topLevel) {
      if (!STEP_FILE.test(f)) sink.warn(f, "ignored: step files are named NN-slug.md (or list this file under order: in index.md)");
    }
    return topLevel.filter((f) => STEP_FILE.test(f)).sort((a, b) => a.localeCompare(b, "en", { numeric: true }));
  }
  const chosen: string[] = [];
  order.forEach((name, i) => {
    const file = name.endsWith(".md") ? name : `${name}.md`;
    if (files[file] === undefined) sink.error("index.md", `order lists "${name}" but there is no ${file} in the lesson folder`, `order[${i}]`);
    else if (chosen.includes(file)) sink.error("index.md", `order lists "${name}" twice`, `order[${i}]`);
    else chosen.push(file);
  });
  for (const f of topLevel) {
    if (!chosen.includes(f)) sink.warn(f, "not listed under order: in index.md, so it is not part of the lesson");
  }
  return chosen;
}

function readStep(bodySite: ValueSite, source: string): Step {
  const fm = splitFrontmatter(bodySite, source);
  const site = keySite(bodySite, fm.failed);
  const data = frontmatterObject(site, fm.data);
  checkKeys(site, data, STEP_KEYS, "");
  const slug = site.file.replace(/\.md$/, "");
  let id = data.id === undefined ? undefined : readNonEmptyString(site, data.id, "id");
  if (id === undefined) {
    if (data.id === undefined) site.sink.warn(site.file, `no id; using "${slug}" (progress is saved under the id, so set one that will not change)`, "id");
    id = slug;
  }
  const step: Step = {
    id,
    file: site.file,
    title: need(site, data, "title", (v, at) => readBilingual(site, v, at)) ?? { zh: slug, en: slug },
    setup: data.setup === undefined ? [] : (readStringList(site, data.setup, "setup") ?? []),
    hints: readHints(site, data.hints),
    solution: data.solution === undefined ? [] : (readStringList(site, data.solution, "solution") ?? []),
    body: readBody(bodySite, fm.body, fm.bodyLineOffset),
  };
  if (data.section !== undefined) {
    const section = readString(site, data.section, "section");
    if (section !== undefined) step.section = section;
  }
  if (data.check !== undefined && data.check !== null) {
    const check = parseCheckValue(site, data.check, "check");
    if (check) step.check = check;
  }
  if (data.expectedErrors !== undefined && data.expectedErrors !== null) {
    const expected = readExpectedErrors(site, data.expectedErrors, step.solution);
    if (expected) step.expectedErrors = expected;
  }
  if (data.interrupt !== undefined && data.interrupt !== null) {
    const interrupt = readStringList(site, data.interrupt, "interrupt");
    interrupt?.forEach((command, i) => {
      if (!step.solution.includes(command))
        site.sink.error(site.file, `"${command}" is not one of this step's solution commands (write it exactly as under solution:)`, join("interrupt", i));
    });
    if (interrupt?.length) step.interrupt = interrupt;
  }
  return step;
}

/** `expectedErrors: {<a solution command>: <text its error shows>}` */
function readExpectedErrors(site: ValueSite, v: unknown, solution: string[]): Record<string, string> | undefined {
  const map = readStringMap(site, v, "expectedErrors");
  if (!map) return undefined;
  for (const [command, text] of Object.entries(map)) {
    const at = join("expectedErrors", command);
    if (!solution.includes(command))
      site.sink.error(site.file, `"${command}" is not one of this step's solution commands (write it exactly as under solution:)`, at);
    if (text.trim() === "") site.sink.error(site.file, "give a text the command's error shows, e.g. part of Docker's message", at);
  }
  return map;
}

/** `hints: {zh: [..], en: [..]}`; also a list of {zh, en} items, or a list of strings for both languages. */
function readHints(site: ValueSite, v: unknown): Record<Lang, string[]> {
  const hints: Record<Lang, string[]> = { zh: [], en: [] };
  if (v === undefined || v === null) return hints;
  if (Array.isArray(v)) {
    v.forEach((item, i) => {
      const b = readBilingual(site, item, join("hints", i));
      if (b) {
        hints.zh.push(b.zh);
        hints.en.push(b.en);
      }
    });
    return hints;
  }
  if (!isRecord(v)) {
    site.sink.error(site.file, `expected {zh: [..], en: [..]}, found ${typeName(v)}`, "hints");
    return hints;
  }
  checkKeys(site, v, LANGS, "hints");
  for (const lang of LANGS) {
    if (v[lang] !== undefined) hints[lang] = readStringList(site, v[lang], join("hints", lang)) ?? [];
  }
  if (hints.zh.length !== hints.en.length) {
    site.sink.warn(site.file, `${hints.zh.length} Chinese hint(s) but ${hints.en.length} English; missing ones are shown in the other language`, "hints");
    const n = Math.max(hints.zh.length, hints.en.length);
    for (let i = 0; i < n; i++) {
      hints.zh[i] ??= hints.en[i]!;
      hints.en[i] ??= hints.zh[i]!;
    }
  }
  return hints;
}

function readBody(site: ValueSite, body: string, lineOffset: number): Record<Lang, LessonText> {
  const blocks = splitLanguageBlocks(body);
  for (const line of blocks.nestedMarkers) {
    site.sink.warn(site.file, "a language marker must be alone on an unindented line; this one is ignored", undefined, line + lineOffset + 1);
  }
  if (body.trim() !== "" && blocks.found.length === 1) {
    const missing = blocks.found[0] === "zh" ? "en" : "zh";
    site.sink.warn(site.file, `no <!-- ${missing} --> section; the ${missing === "en" ? "Chinese" : "English"} text is shown for both languages`);
    blocks[missing] = blocks[blocks.found[0]!];
  }
  const text = (markdown: string): LessonText => ({ markdown, blocks: extractCodeBlocks(markdown) });
  return { zh: text(blocks.zh), en: text(blocks.en) };
}

/** Where frontmatter problems go: nowhere when the YAML itself failed (that error is enough). */
function keySite(site: ValueSite, yamlFailed: boolean): ValueSite {
  return yamlFailed ? { sink: new ProblemSink(), file: site.file } : site;
}

function frontmatterObject(site: ValueSite, data: unknown): Record<string, unknown> {
  if (data === undefined || data === null) {
    site.sink.error(site.file, "no frontmatter: the file must start with --- , YAML keys, --- ");
    return {};
  }
  if (!isRecord(data)) {
    site.sink.error(site.file, `the frontmatter must be YAML keys (key: value), found ${typeName(data)}`);
    return {};
  }
  return data;
}

function need<T>(site: ValueSite, data: Record<string, unknown>, key: string, read: (v: unknown, at: string) => T | undefined): T | undefined {
  if (data[key] === undefined) {
    site.sink.error(site.file, `"${key}" is required`, key);
    return undefined;
  }
  return read(data[key], key);
}
