import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

/**
 * `npm run test:unit`: the unit and component tests alone, without building the app and the CLI first (the
 * full `npm test` builds once for the tests that run the built bundles): seconds, while editing.
 */
export default defineConfig({
  root: fileURLToPath(new URL('..', import.meta.url)),
  plugins: [react()],
  test: {
    include: ['test/unit/**/*.test.{ts,tsx}', 'test/renderer/**/*.test.{ts,tsx}'],
    environment: 'node',
    maxWorkers: 2,
  },
});
