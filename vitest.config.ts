import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['{core,collector,server,alerts,dashboards,web,demo}/src/**/*.test.ts', 'scripts/**/*.test.ts'],
    // One chDB engine per worker process: forks keep engines apart, and the engine is heavy,
    // so run at most two workers on this 2-core machine.
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
})
