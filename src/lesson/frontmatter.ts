import { parseDocument } from "yaml";
import type { ValueSite } from "./read-values";

export interface Frontmatter {
  /** The YAML between the `---` lines, as plain data (undefined when there is none). */
  data: unknown;
  /** The Markdown after the frontmatter. */
  body: string;
  /** How many lines of the file come before `body` (to turn body lines into file lines). */
  bodyLineOffset: number;
  /** The YAML had errors (already reported): further complaints about its keys would only be noise. */
  failed: boolean;
}

/**
 * Split `---\nYAML\n---\nMarkdown`. YAML errors are reported with their line in the file.
 * Line endings are normalised to `\n` first.
 */
export function splitFrontmatter(site: ValueSite, source: string): Frontmatter {
  const text = source.replace(/^\uFEFF/, "").replace(/\r\n?/g, "\n");
  const lines = text.split("\n");
  if (lines[0]?.trim() !== "---") return { data: undefined, body: text, bodyLineOffset: 0, failed: false };
  const end = lines.findIndex((l, i) => i > 0 && (l.trim() === "---" || l.trim() === "..."));
  if (end < 0) {
    site.sink.error(site.file, "the frontmatter starts with --- but has no closing --- line", undefined, 1);
    return { data: undefined, body: "", bodyLineOffset: lines.length, failed: true };
  }
  const yamlText = lines.slice(1, end).join("\n");
  const doc = parseDocument(yamlText, { uniqueKeys: true });
  for (const err of doc.errors) {
    const line = err.linePos?.[0]?.line;
    site.sink.error(site.file, `YAML: ${firstLine(err.message)}`, undefined, line === undefined ? undefined : line + 1);
  }
  for (const warn of doc.warnings) {
    const line = warn.linePos?.[0]?.line;
    site.sink.warn(site.file, `YAML: ${firstLine(warn.message)}`, undefined, line === undefined ? undefined : line + 1);
  }
  const data = doc.errors.length ? undefined : doc.toJS();
  return { data: data ?? undefined, body: lines.slice(end + 1).join("\n"), bodyLineOffset: end + 1, failed: doc.errors.length > 0 };
}

/** yaml's message without its own (YAML-relative) position; we report the file line instead. */
function firstLine(message: string): string {
  return (message.split("\n")[0] ?? "").replace(/ at line \d+, column \d+:?$/, "");
}
