import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CodedError } from '../../main/core/errors';
import { CredentialProfiles, CREDENTIALS_FILE, profileNameProblem } from '../../main/core/secrets/credential-profiles';
import { MemoryStore } from '../../main/core/secrets/memory-store';
import type { SecretStore } from '../../main/core/secrets/secret-store';

const SECRET = 'Sup3r-S3cret-π-🔐';

let dataDir: string;
let store: MemoryStore;

beforeEach(async () => {
  dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'eclypse-credentials-'));
  store = new MemoryStore();
});

afterEach(async () => {
  await fs.rm(dataDir, { recursive: true, force: true });
});

async function rejection(work: Promise<unknown>): Promise<CodedError> {
  const err = await work.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(CodedError);
  return err as CodedError;
}

/** Every file under the data folder, as text: where a leaked secret would show. */
async function everythingOnDisk(): Promise<string> {
  const names = await fs.readdir(dataDir, { recursive: true });
  const texts = await Promise.all(
    names.map(async (n) => {
      const p = path.join(dataDir, n);
      return (await fs.stat(p)).isFile() ? fs.readFile(p, 'utf8') : '';
    }),
  );
  return texts.join('\n');
}

describe('credential profiles', () => {
  it('keeps the user name in the file and the password only in the store', async () => {
    const profiles = await CredentialProfiles.load(dataDir, store);
    await profiles.set('Campus Nord', 'admin', SECRET);

    const text = await fs.readFile(path.join(dataDir, CREDENTIALS_FILE), 'utf8');
    expect(text).not.toContain(SECRET);
    expect(await everythingOnDisk()).not.toContain(SECRET);
    expect(JSON.parse(text)).toMatchObject({ schemaVersion: 1, profiles: { 'Campus Nord': { username: 'admin' } } });
    expect(await store.get('Campus Nord')).toBe(SECRET);

    const reloaded = await CredentialProfiles.load(dataDir, store);
    expect(await reloaded.resolve('Campus Nord')).toEqual({ username: 'admin', password: SECRET });
    expect(await reloaded.list()).toEqual([
      expect.objectContaining({ name: 'Campus Nord', username: 'admin', hasSecret: true }),
    ]);
  });

  it('lists profiles by name, with whether the password is there', async () => {
    const profiles = await CredentialProfiles.load(dataDir, store);
    await profiles.set('site-b', 'tech', 'b');
    await profiles.set('site-a', 'admin', 'a');
    await store.delete('site-b');
    const list = await profiles.list();
    expect(list.map((p) => [p.name, p.username, p.hasSecret])).toEqual([
      ['site-a', 'admin', true],
      ['site-b', 'tech', false],
    ]);
    expect(JSON.stringify(list)).not.toMatch(/"a"|"b"/);
  });

  it('replaces a profile, keeping when it was created', async () => {
    const profiles = await CredentialProfiles.load(dataDir, store);
    const first = await profiles.set('ahu', 'admin', 'one');
    await new Promise((r) => setTimeout(r, 5));
    const second = await profiles.set('ahu', 'operator', 'two');
    expect(second.createdAt).toBe(first.createdAt);
    expect(second.updatedAt > first.updatedAt).toBe(true);
    expect(await profiles.resolve('ahu')).toEqual({ username: 'operator', password: 'two' });
  });

  it('deletes the profile and its password; false for one that never existed', async () => {
    const profiles = await CredentialProfiles.load(dataDir, store);
    await profiles.set('gone', 'admin', 'x');
    expect(await profiles.delete('gone')).toBe(true);
    expect(await store.has('gone')).toBe(false);
    expect(await profiles.list()).toEqual([]);
    expect(await (await CredentialProfiles.load(dataDir, store)).list()).toEqual([]);
    expect(await profiles.delete('never')).toBe(false);
  });

  it('tells how to create a missing profile, and how to restore a missing password', async () => {
    const profiles = await CredentialProfiles.load(dataDir, store);
    const missing = await rejection(profiles.resolve('Site 9'));
    expect(missing.code).toBe('INVALID_INPUT');
    expect(missing.message).toContain('eclypse-backup credentials set "Site 9" --user USER');

    await profiles.set('site-9', 'admin', SECRET);
    await store.delete('site-9');
    const noSecret = await rejection(profiles.resolve('site-9'));
    expect(noSecret.code).toBe('INVALID_INPUT');
    expect(noSecret.message).toContain('eclypse-backup credentials set site-9 --user admin');
    expect(noSecret.message).not.toContain(SECRET);
  });

  it('reports a damaged file with INVALID_INPUT and leaves it untouched', async () => {
    const file = path.join(dataDir, CREDENTIALS_FILE);
    for (const damaged of [
      '{"schemaVersion":1,"profiles":{',
      '{"schemaVersion":2,"profiles":{}}',
      '{"schemaVersion":1,"profiles":{"bad\\u0007name":{"username":"a","createdAt":"x","updatedAt":"x"}}}',
    ]) {
      await fs.writeFile(file, damaged);
      const err = await rejection(CredentialProfiles.load(dataDir, store));
      expect(err.code).toBe('INVALID_INPUT');
      expect(err.message).toContain(file);
      expect(await fs.readFile(file, 'utf8')).toBe(damaged);
    }
  });

  it('stores nothing when the keychain refuses', async () => {
    const refusing: SecretStore = {
      kind: 'keychain',
      set: async () => {
        throw new CodedError('KEYCHAIN_UNAVAILABLE', 'locked');
      },
      get: async () => undefined,
      has: async () => false,
      delete: async () => false,
    };
    const profiles = await CredentialProfiles.load(dataDir, refusing);
    expect((await rejection(profiles.set('site', 'admin', SECRET))).code).toBe('KEYCHAIN_UNAVAILABLE');
    await expect(fs.access(path.join(dataDir, CREDENTIALS_FILE))).rejects.toThrow();
    expect(await profiles.list()).toEqual([]);
  });

  it('refuses an empty password or user name', async () => {
    const profiles = await CredentialProfiles.load(dataDir, store);
    expect((await rejection(profiles.set('site', 'admin', ''))).code).toBe('INVALID_INPUT');
    expect((await rejection(profiles.set('site', '', 'pw'))).code).toBe('INVALID_INPUT');
    expect((await rejection(profiles.set('site', 'ad\nmin', 'pw'))).code).toBe('INVALID_INPUT');
    expect(await store.has('site')).toBe(false);
  });
});

describe('profile names', () => {
  it('accepts 1 to 64 printable characters', () => {
    for (const ok of ['a', 'Campus Nord / Bâtiment 2', 'x'.repeat(64), '🔐'.repeat(64), 'site_A-1.admin@ops']) {
      expect(profileNameProblem(ok), ok).toBeUndefined();
    }
  });

  it('refuses empty, too long, control or invisible characters, and edge spaces', async () => {
    const bad = [
      '',
      'x'.repeat(65),
      'a\u0000b',
      'a\nb',
      'a\tb',
      'bell\u0007',
      'zero\u200bwidth',
      'line\u2028sep',
      ' lead',
      'trail ',
    ];
    for (const name of bad) expect(profileNameProblem(name), JSON.stringify(name)).toBeDefined();
    const profiles = await CredentialProfiles.load(dataDir, store);
    for (const name of bad) {
      expect((await rejection(profiles.set(name, 'admin', 'pw'))).code).toBe('INVALID_INPUT');
      expect((await rejection(profiles.resolve(name))).code).toBe('INVALID_INPUT');
    }
    expect(await everythingOnDisk()).toBe('');
  });
});
