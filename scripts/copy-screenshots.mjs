// Refreshes the README's screenshots from the last e2e run (test/e2e/screenshots/), so that the pictures a
// technician reads are the ones the tests just took: usage: npm run test:e2e, then npm run screenshots.
// Copies every docs/screenshots/*.png the README names, fails on one the run did not take, and removes
// pictures the README no longer names.
import { copyFile, readdir, readFile, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const source = path.join(root, 'test/e2e/screenshots');
const target = path.join(root, 'docs/screenshots');

const readme = await readFile(path.join(root, 'README.md'), 'utf8');
const named = [...new Set([...readme.matchAll(/docs\/screenshots\/([\w.-]+\.png)/g)].map((m) => m[1]))];
const missing = [];
for (const name of named) {
  try {
    await stat(path.join(source, name));
  } catch {
    missing.push(name);
  }
}
if (missing.length > 0) {
  process.stderr.write(
    `The last e2e run took none of: ${missing.join(', ')}. Run npm run test:e2e first (or fix the README's names).\n`,
  );
  process.exit(1);
}
for (const name of named) await copyFile(path.join(source, name), path.join(target, name));
for (const name of await readdir(target)) {
  if (name.endsWith('.png') && !named.includes(name)) await rm(path.join(target, name));
}
process.stdout.write(
  `${named.length} screenshots copied from ${path.relative(root, source)} to ${path.relative(root, target)}\n`,
);
