import { defineConfig } from 'vitest/config';

// Workspace packages resolve to their TypeScript sources in tests through the private
// "@ceilometer-ts/source" export condition (STYLE.md 4.2), so tests never need a build.
const conditions = ['@ceilometer-ts/source', 'module', 'node', 'development|production'];

export default defineConfig({
  resolve: { conditions },
  ssr: { resolve: { conditions, externalConditions: ['@ceilometer-ts/source'] } },
  test: {
    include: ['{packages,plugins,examples}/*/test/**/*.test.ts', 'bench/test/**/*.test.ts', 'docs/test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // Commands spawned by tests log pino's JSON lines on stderr (numeric levels, fields at top level),
    // which the tests parse; operators get oslo.log's text (packages/core README, "Logging").
    env: { CEILOMETER_LOG_FORMAT: 'pino' },
  },
});
