import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

/**
 * `npm run test:soak`: the long load test alone (500 simulated controllers), outside `npm test`. The CLI it
 * drives is built by the npm script first; nothing else is built, and nothing runs beside it.
 */
export default defineConfig({
  root: fileURLToPath(new URL('../..', import.meta.url)),
  test: {
    include: ['test/hardening/**/*.soak.ts'],
    environment: 'node',
    testTimeout: 30 * 60_000,
    hookTimeout: 5 * 60_000,
    maxWorkers: 1,
  },
});
