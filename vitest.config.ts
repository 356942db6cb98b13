import { defineConfig } from 'vitest/config';

// Tests import workspace packages through their "source" export condition, so they run
// against src without a build; the package check (scripts/check-packages.mjs) covers dist.
const conditions = ['source', 'import', 'module', 'node', 'default'];

export default defineConfig({
  resolve: { conditions },
  // Vitest hands the SSR conditions to its workers as Node --conditions flags, so only
  // "source" goes there: "import"/"module" would make every CommonJS require() pick ESM
  // builds (Express inside the Functions Framework then gets is-promise as a namespace).
  ssr: { resolve: { conditions: ['source', 'node', 'development|production'], externalConditions: ['source'] } },
  test: {
    include: ['packages/**/test/**/*.test.ts', 'test/**/*.test.ts'],
    exclude: ['**/node_modules/**', '**/dist/**'],
    testTimeout: 30_000,
    hookTimeout: 180_000,
    pool: 'forks',
  },
});
