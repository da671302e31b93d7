import { defineConfig } from "vitest/config";

// Integration tests: a real dockerd in v86, booted from public/vm (npm run build:vm).
// One VM per file, files one after another (each emulator keeps a core busy).
export default defineConfig({
  test: {
    include: ["vm/test/**/*.test.ts"],
    // Opt-in until green on this machine kind: the whole-lesson walk (~30+ min) and the image catalog tests.
    exclude: [
      ...(process.env.LESSON_WALKTHROUGH === "1" ? [] : ["vm/test/lesson-walkthrough.test.ts"]),
      ...(process.env.IMAGE_TESTS === "1" ? [] : ["vm/test/images.test.ts"]),
    ],
    testTimeout: 600_000,
    hookTimeout: 240_000,
    fileParallelism: false,
    pool: "forks",
  },
});
