import fs from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI_MESSAGES } from '../../shared/messages/cli';
import { englishOnlyRuns } from '../support/english-runs';
import { runCli, type CliResult } from '../support/run-cli';
import { listTree, tempDir } from '../support/fixtures';

/**
 * Issue 15 item 8 for the command line: run in French (LANG=fr_CA.UTF-8, or --lang fr), no line a person reads
 * holds a run of words from the English CLI and common catalogues, nor commander's own English words.
 */
const COMMANDER_ENGLISH = [
  'Usage:',
  'Options:',
  'Commands:',
  'Arguments:',
  'display help for command',
  'output the version number',
  '(default:',
  'error: ',
  'unknown option',
  'missing required argument',
  'Did you mean',
  'run with --help',
];
const ENGLISH_ONLY = [...englishOnlyRuns(CLI_MESSAGES.en, CLI_MESSAGES['fr-CA']), ...COMMANDER_ENGLISH];

/** Every line of a run that says something from the English catalogues. */
function englishLines(r: CliResult): string[] {
  return `${r.stdout}\n${r.stderr}`.split('\n').filter((line) => ENGLISH_ONLY.some((f) => line.includes(f)));
}

const FRENCH = { LANG: 'fr_CA.UTF-8' };
let work: string;

beforeAll(async () => {
  work = await tempDir();
});
afterAll(async () => {
  await fs.rm(work, { recursive: true, force: true });
});

describe('the CLI in French', () => {
  it('the detector sees English (the check is not vacuous)', async () => {
    const r = await runCli(['demo', '--help']);
    expect(englishLines(r).length).toBeGreaterThan(3);
  });

  const COMMANDS = [
    [],
    ['backup'],
    ['bulk'],
    ['compare'],
    ['credentials'],
    ['credentials', 'set'],
    ['credentials', 'list'],
    ['credentials', 'delete'],
    ['demo'],
    ['diagnose'],
    ['inventory'],
    ['inventory', 'import'],
    ['inventory', 'list'],
    ['inventory', 'export'],
    ['probe'],
    ['prune'],
    ['sim'],
    ['verify'],
    ['help'],
  ];
  for (const command of COMMANDS) {
    it(`--help of "${command.join(' ') || 'eclypse-backup'}" (LANG and --lang fr)`, async () => {
      const byLang = await runCli(command[0] === 'help' ? ['help'] : [...command, '--help'], FRENCH);
      expect(byLang.code).toBe(0);
      expect(byLang.stdout).toMatch(/Utilisation/);
      expect(englishLines(byLang)).toEqual([]);
      const byFlag = await runCli(['--lang', 'fr', ...command, ...(command[0] === 'help' ? [] : ['--help'])]);
      expect(englishLines(byFlag)).toEqual([]);
    });
  }

  it('demo --count 6: live lines, summary, verdict reasons and closing lines in French, sizes with a decimal comma; then verify and prune', async () => {
    const out = path.join(work, 'demo-archive');
    const r = await runCli(['demo', '--count', '6', '--out', out], FRENCH);
    expect(r.code, r.stderr).toBe(0);
    expect(englishLines(r)).toEqual([]);
    expect(r.stderr).toMatch(/✗ VAV-3-02 .*« Backup failed: insufficient storage »/);
    // A decimal comma, and the no-break space Intl puts before the unit.
    expect(r.stderr).toMatch(/\(\d,\d\u00a0Mo\)/);
    expect(r.stdout).toContain('Comme prévu, VAV-3-02');

    const verify = await runCli(['verify', '--out', out], FRENCH);
    expect(verify.code, verify.stderr).toBe(0);
    expect(englishLines(verify)).toEqual([]);
    expect(verify.stdout).toContain('✓ Toutes les sauvegardes sont intactes');

    // One backup altered, one record removed: the problem lines too.
    const files = (await listTree(out)).filter((f) => f.endsWith('.ecybackup'));
    await fs.appendFile(path.join(out, files[0]!), 'x');
    await fs.rm(path.join(out, `${files[1]!}.json`));
    const problems = await runCli(['verify', '--out', out], FRENCH);
    expect(problems.code).toBe(1);
    expect(englishLines(problems)).toEqual([]);
    expect(problems.stdout).toContain('MODIFIÉE');

    const prune = await runCli(['prune', '--keep', '1', '--dry-run', '--out', out], FRENCH);
    expect(englishLines(prune)).toEqual([]);
  });

  it('failures: an unreachable controller, a bad value, an unknown option, a missing argument, an empty inventory', async () => {
    const runs = [
      await runCli(
        [
          'backup',
          '127.0.0.1:1',
          '--user',
          'admin',
          '--password-env',
          'PW',
          '--fingerprint',
          'AB'.repeat(32),
          '--out',
          path.join(work, 'a'),
        ],
        { ...FRENCH, PW: 'x' },
      ),
      await runCli(['demo', '--count', 'abc'], FRENCH),
      await runCli(['--lang', 'fr', 'verify', '--nope']),
      await runCli(['backup'], FRENCH),
      await runCli(['bulk', '--data-dir', path.join(work, 'empty')], FRENCH),
      await runCli(['inventory', 'list', '--data-dir', path.join(work, 'empty')], FRENCH),
    ];
    for (const r of runs) expect(englishLines(r), r.stderr).toEqual([]);
    expect(runs[0]!.stderr).toContain('Injoignable');
    expect(runs[1]!.stderr).toContain('--count doit être un nombre entier');
    expect(runs[2]!.code).toBe(2);
  });
});
