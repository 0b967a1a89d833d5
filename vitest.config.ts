import { createRequire } from 'node:module';
import { defineConfig } from 'vitest/config';

// One suite: unit tests (engine), integration tests on embedded PGlite (always) and on real
// Postgres/Redis (when DATABASE_URL / REDIS_URL are set), end-to-end tests over real HTTP.
export default defineConfig({
  resolve: {
    // graphql ships CJS (main) and ESM (module). Node and the CJS Apollo packages load the CJS build; without this
    // alias Vite would hand our sources the ESM build, and two graphql realms break instanceof checks
    // (GraphQLError extensions lost, "Cannot use GraphQLList from another module or realm").
    alias: [{ find: /^graphql$/, replacement: createRequire(import.meta.url).resolve('graphql') }],
  },
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    maxWorkers: 2,
    reporters: ['default'],
    // Tests talk to loopback only: no usage reporting from Apollo Gateway instances started by tests.
    env: { APOLLO_TELEMETRY_DISABLED: 'true' },
  },
});
