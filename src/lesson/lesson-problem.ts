/**
 * What is wrong with a lesson, said for the teacher who wrote it.
 * `where` points into the file: a frontmatter key path such as `check.all[1].container.state`.
 */
export interface LessonProblem {
  severity: "error" | "warning";
  /** The file inside the lesson folder, e.g. `03-run.md`. */
  file: string;
  /** 1-based line in the file, when known. */
  line?: number;
  /** A key path in the frontmatter, when the problem is there. */
  where?: string;
  message: string;
}

export function formatProblem(p: LessonProblem): string {
  const at = [p.file + (p.line ? `:${p.line}` : ""), p.where].filter(Boolean).join(" ");
  return `${p.severity}: ${at}: ${p.message}`;
}

/** Thrown by parseLesson when a lesson has errors; `problems` lists every one. */
export class LessonFormatError extends Error {
  constructor(
    readonly lessonId: string,
    readonly problems: LessonProblem[],
  ) {
    super(`Lesson "${lessonId}" has ${problems.length} problem(s):\n` + problems.map((p) => "  " + formatProblem(p)).join("\n"));
    this.name = "LessonFormatError";
  }
}

/** Collects problems for one file, with a key-path prefix. */
export class ProblemSink {
  readonly problems: LessonProblem[] = [];

  error(file: string, message: string, where?: string, line?: number): void {
    this.problems.push(clean({ severity: "error", file, message, where, line }));
  }

  warn(file: string, message: string, where?: string, line?: number): void {
    this.problems.push(clean({ severity: "warning", file, message, where, line }));
  }

  get hasErrors(): boolean {
    return this.problems.some((p) => p.severity === "error");
  }
}

function clean(p: LessonProblem): LessonProblem {
  const out: LessonProblem = { severity: p.severity, file: p.file, message: p.message };
  if (p.line !== undefined) out.line = p.line;
  if (p.where) out.where = p.where;
  return out;
}
