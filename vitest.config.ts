import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

// Limits are generous on purpose: a CLI test spawns the built tool, and on a loaded 2-core machine one
// run can take a minute. Nothing here measures speed; benchmarks do (npm run bench).
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 600_000,
    hookTimeout: 600_000,
    // Most files wait on spawned CLI runs, which do the work in their own processes: one file per core
    // (vitest's default leaves a core idle on a 2-core machine) keeps both cores busy.
    maxWorkers: Math.max(2, availableParallelism()),
  },
});
