import { execFileSync } from 'node:child_process';

/**
 * vitest global setup: builds the CLI and the app bundles once, before any test file runs. Tests that run
 * the built CLI, load the built main bundle or pack the app all read the same dist/, and none rebuilds it
 * while another reads it.
 */
let built = false;

export default function buildOnce(): void {
  // Each project of vitest.config.ts names this setup; one build serves them all.
  if (built) return;
  built = true;
  execFileSync(process.execPath, ['scripts/build.mjs', 'all'], { stdio: 'inherit' });
}
