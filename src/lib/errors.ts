/** An error as one line of text for the learner or a log: its message (or its name when it has none). */
export function errText(e: unknown): string {
  if (e instanceof Error) return e.message || e.name;
  return String(e);
}
