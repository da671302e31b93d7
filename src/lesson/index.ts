/**
 * The lesson runtime: format, parser, checks and progress. No React, no DOM.
 * Loaders are imported directly: `bundled-lessons.ts` (browser, Vite) or `read-lesson-folder.ts` (Node).
 */
export type { Bilingual, Lang } from "./bilingual";
export type * from "./check-types";
export type { CodeBlock } from "./code-blocks";
export type { ShellCommand, ShellLine } from "./shell-block";
export type { Lesson, LessonText, Step } from "./lesson-types";
export { LessonFormatError, formatProblem, type LessonProblem } from "./lesson-problem";
export { parseLesson, readLesson, type LessonFiles, type ParseLessonOptions } from "./parse-lesson";
export { parseCheck } from "./parse-check";
export { validateLesson } from "./validate-lesson";
export { describeCheck, evaluateCheck } from "./evaluate-check";
export * from "./progress";
export { createStepChecker, type CheckStatus, type StepChecker, type StepCheckerOptions } from "./step-checker";
