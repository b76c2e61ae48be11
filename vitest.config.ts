import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/support/build-once.ts'],
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Simulated controllers bind real ports and the 1 GiB test streams real bytes: keep files in parallel
    // but bounded so a 2-core CI machine is not starved.
    maxWorkers: 2,
  },
});
