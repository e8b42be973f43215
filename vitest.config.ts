import { defineConfig } from 'vitest/config';

// Limits are generous on purpose: a CLI test spawns the built tool, and on a loaded 2-core machine one
// run can take a minute. Nothing here measures speed; benchmarks do (npm run bench).
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 600_000,
    hookTimeout: 600_000,
  },
});
