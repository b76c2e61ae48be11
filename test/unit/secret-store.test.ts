import { execFileSync, spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { build } from 'esbuild';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { KeychainStore, openKeychain } from '../../main/core/secrets/keychain-store';
import { MemoryStore } from '../../main/core/secrets/memory-store';
import type { SecretStore } from '../../main/core/secrets/secret-store';

// A service name of its own per run: the suite never touches a developer's real profiles, nor a parallel run's.
const TEST_SERVICE = `ECLYPSE Field Backup (test ${randomUUID()})`;
const REQUIRE_KEYRING = process.env.REQUIRE_KEYRING === '1';

const keychain = await openKeychain({ service: TEST_SERVICE, timeoutMs: 20_000 }).then(
  (store) => ({ store, problem: undefined }),
  (err: unknown) => ({ store: undefined, problem: err instanceof Error ? err.message : String(err) }),
);
const skipKeychain = keychain.store === undefined && !REQUIRE_KEYRING;
if (skipKeychain) {
  console.warn(
    `Keychain contract suite SKIPPED: ${keychain.problem}\n` +
      '  `npm test` starts a private keyring when dbus and gnome-keyring are installed; REQUIRE_KEYRING=1 makes this a failure.',
  );
}

const UNICODE_SECRET = 'pässwörd 密码 🔐 "quoted" \\back\\slash\' $HOME `tick`';

function secretStoreContract(makeStore: () => SecretStore, kind: SecretStore['kind']): void {
  let store: SecretStore;
  const used: string[] = [];
  const profile = (label: string): string => {
    const name = `${label}-${randomUUID().slice(0, 8)}`;
    used.push(name);
    return name;
  };

  beforeAll(() => {
    store = makeStore();
  });

  afterEach(async () => {
    for (const name of used.splice(0)) await store.delete(name);
  });

  it(`is a ${kind} store`, () => {
    expect(store.kind).toBe(kind);
  });

  it('keeps a secret and gives it back', async () => {
    const name = profile('site-a');
    expect(await store.has(name)).toBe(false);
    expect(await store.get(name)).toBeUndefined();
    await store.set(name, 's3cret');
    expect(await store.has(name)).toBe(true);
    expect(await store.get(name)).toBe('s3cret');
  });

  it('replaces a secret', async () => {
    const name = profile('replace');
    await store.set(name, 'first');
    await store.set(name, 'second');
    expect(await store.get(name)).toBe('second');
  });

  it('keeps unicode and shell-special secrets byte for byte', async () => {
    const name = profile('Campus Nord / Bâtiment 2');
    await store.set(name, UNICODE_SECRET);
    expect(await store.get(name)).toBe(UNICODE_SECRET);
  });

  it('keeps two profiles apart', async () => {
    const a = profile('a');
    const b = profile('b');
    await store.set(a, 'alpha');
    await store.set(b, 'bravo');
    expect(await store.get(a)).toBe('alpha');
    expect(await store.get(b)).toBe('bravo');
    expect(await store.delete(a)).toBe(true);
    expect(await store.has(a)).toBe(false);
    expect(await store.get(b)).toBe('bravo');
  });

  it('deletes: true when there was a secret, false when there was none', async () => {
    const name = profile('delete');
    expect(await store.delete(name)).toBe(false);
    await store.set(name, 'x');
    expect(await store.delete(name)).toBe(true);
    expect(await store.delete(name)).toBe(false);
    expect(await store.get(name)).toBeUndefined();
  });
}

describe('SecretStore contract: MemoryStore', () => {
  secretStoreContract(() => new MemoryStore(), 'memory');
});

describe.skipIf(skipKeychain)(
  `SecretStore contract: KeychainStore${skipKeychain ? ' (skipped: no keychain)' : ''}`,
  () => {
    it('is available (REQUIRE_KEYRING=1 turns a missing keychain into this failure)', () => {
      if (!keychain.store) throw new Error(`REQUIRE_KEYRING=1 but the keychain is unavailable: ${keychain.problem}`);
    });
    // Unprobed when unavailable, so under REQUIRE_KEYRING=1 every contract test fails with the real error too.
    secretStoreContract(() => keychain.store ?? new KeychainStore(TEST_SERVICE), 'keychain');

    it.skipIf(process.platform !== 'linux' || (!hasSecretTool() && !REQUIRE_KEYRING))(
      'is the real Secret Service: secret-tool sees the entry',
      async () => {
        const name = `visible-${randomUUID().slice(0, 8)}`;
        const store = keychain.store ?? new KeychainStore(TEST_SERVICE);
        await store.set(name, 'seen-by-secret-tool');
        try {
          const found = execFileSync('secret-tool', ['lookup', 'service', TEST_SERVICE, 'username', name], {
            encoding: 'utf8',
          });
          expect(found.trim()).toBe('seen-by-secret-tool');
        } finally {
          await store.delete(name);
        }
      },
    );
  },
);

describe.skipIf(process.platform !== 'linux')('openKeychain without a Secret Service (Linux)', () => {
  it('reports KEYCHAIN_UNAVAILABLE instead of falling back to the kernel keyring or a file', async () => {
    // libdbus reads the bus address once per process, so the store runs in a child with no bus to reach.
    const result = await probeInChild({ DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/eclypse-test-bus' });
    expect(result.code).toBe('KEYCHAIN_UNAVAILABLE');
    expect(result.message).toMatch(/could not keep a test entry .*Nothing was written to a file/);
  });
});

/** Bundles the real keychain store and runs openKeychain in a child Node with the given environment. */
async function probeInChild(env: Record<string, string>): Promise<{ code?: string; message?: string }> {
  const bundle = await build({
    entryPoints: ['main/core/secrets/keychain-store.ts'],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    write: false,
    logLevel: 'silent',
  });
  const script =
    `${bundle.outputFiles[0]!.text}\n` +
    `module.exports.openKeychain({ service: ${JSON.stringify(TEST_SERVICE)}, timeoutMs: 20000 })` +
    `.then(() => console.log('{"code":"OK"}'),` +
    ` (e) => console.log(JSON.stringify({ code: e.code, message: e.message })));`;
  // cwd = the project, so the child's import('@napi-rs/keyring') finds the real addon in node_modules.
  const out = execFileSync(process.execPath, ['-e', script], {
    cwd: process.cwd(),
    env: { ...process.env, ...env },
    encoding: 'utf8',
  });
  return JSON.parse(out.trim().split('\n').pop()!) as { code?: string; message?: string };
}

function hasSecretTool(): boolean {
  // secret-tool has no --version; without arguments it prints usage and exits 2. Only ENOENT means absent.
  return (
    (spawnSync('secret-tool', [], { stdio: 'ignore' }).error as NodeJS.ErrnoException | undefined)?.code !== 'ENOENT'
  );
}
