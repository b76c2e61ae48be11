import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  plugins: [react()],
  test: {
    // Component tests (test/renderer/*.test.tsx) pick happy-dom with a `@vitest-environment` comment.
    include: ['test/**/*.test.{ts,tsx}'],
    globalSetup: ['test/support/build-once.ts'],
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Simulated controllers bind real ports and the 1 GiB test streams real bytes: keep files in parallel
    // but bounded so a 2-core CI machine is not starved.
    maxWorkers: 2,
  },
});
