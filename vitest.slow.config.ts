import { defineConfig } from "vitest/config";

// `npm run test:slow`: the load test and the generators' drift checks (test/slow).
export default defineConfig({
  test: {
    include: ["test/slow/**/*.test.ts"],
    setupFiles: ["test/setup.ts"],
    testTimeout: 120_000,
    hookTimeout: 30_000,
    // One file at a time: load tests measure what one listener survives, not how they crowd each other
    // (two floods, an Artillery run and a packed install at once on two cores reset connections).
    fileParallelism: false,
  },
});
