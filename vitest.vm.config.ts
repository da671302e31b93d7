import { defineConfig } from "vitest/config";

// Integration tests: a real dockerd in v86, booted from public/vm (npm run build:vm).
// One VM per file, files one after another (each emulator keeps a core busy).
export default defineConfig({
  test: {
    include: ["vm/test/**/*.test.ts"],
    testTimeout: 600_000,
    hookTimeout: 240_000,
    fileParallelism: false,
    pool: "forks",
  },
});
