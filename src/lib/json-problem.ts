/** Where a JSON text is broken, for the editor's message and the save guard. */
export interface JsonProblem {
  message: string;
  /** 1-based */
  line: number;
  column: number;
}

function lineColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, Math.max(0, Math.min(offset, text.length)));
  const lines = before.split("\n");
  return { line: lines.length, column: lines[lines.length - 1]!.length + 1 };
}

/** null when `text` is valid JSON (and, with `mustBeObject`, a JSON object as daemon.json must be). */
export function jsonProblem(text: string, mustBeObject = false): JsonProblem | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    const raw = e instanceof Error ? e.message : String(e);
    const m = /at position (\d+)/.exec(raw);
    const offset = m ? Number(m[1]) : text.length;
    const message = raw.replace(/\s*\(line \d+ column \d+\)$/, "").replace(/ (in|after) JSON at position \d+/, "");
    return { message, ...lineColumn(text, offset) };
  }
  if (mustBeObject && (typeof value !== "object" || value === null || Array.isArray(value))) {
    return { message: "daemon.json must be a JSON object ({ … })", line: 1, column: 1 };
  }
  return null;
}
