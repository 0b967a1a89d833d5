import { defineConfig } from 'vitest/config';

// One suite: unit tests (engine), integration tests on embedded PGlite (always) and on real
// Postgres/Redis (when DATABASE_URL / REDIS_URL are set), end-to-end tests over real HTTP.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    maxWorkers: 2,
    reporters: ['default'],
  },
});
