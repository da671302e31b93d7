import type { Bilingual, Lang } from "./bilingual";
import type { Check } from "./check-types";
import type { CodeBlock } from "./code-blocks";

/** Markdown in one language, with its fenced code blocks already read. */
export interface LessonText {
  markdown: string;
  blocks: CodeBlock[];
}

export interface Step {
  /** Unique in the lesson; progress is stored under it. */
  id: string;
  /** The step's file inside the lesson folder, e.g. `03-run.md`. */
  file: string;
  title: Bilingual;
  /** A grouping label such as "操作演示 2". */
  section?: string;
  /** Shell commands that bring a fresh VM to the state this step expects ("jump to step"). */
  setup: string[];
  /** Without a check the step is read-only and is passed by clicking "next". */
  check?: Check;
  /** Revealed one at a time. */
  hints: Record<Lang, string[]>;
  solution: string[];
  /**
   * Solution commands that fail on purpose, as in the seed (`docker push` to an HTTP registry), each with a text its
   * error shows. The lesson walks in the tests fail on any other daemon error or non-zero exit of a solution command.
   */
  expectedErrors?: Record<string, string>;
  /**
   * Solution commands that keep running until the learner presses Ctrl-C (`docker logs -f`, a `docker run` in the
   * foreground). The lesson walks in the tests press it after them, as the step's text tells a learner to.
   */
  interrupt?: string[];
  body: Record<Lang, LessonText>;
}

export interface Lesson {
  /** The lesson's folder name. */
  id: string;
  title: Bilingual;
  description: Bilingual;
  intro: Record<Lang, LessonText>;
  steps: Step[];
}
