import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts", "suites/**/*.test.ts", "test/**/*.test.ts", "mocks/**/*.test.ts"],
    // The reference server and the browser are real processes: give them room on a 2-core machine.
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: "forks",
    maxWorkers: 2,
  },
});
