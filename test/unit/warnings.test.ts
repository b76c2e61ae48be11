import { describe, expect, it } from 'vitest';
import { NO_PREVIEW_WARNING } from '../../main/core/backup/pipeline';
import { pileUpWarning } from '../../main/core/backup/store-pile-up';
import { cliWords } from '../../main/cli/language';
import { backupWarningOf, backupWarningWords, controllerWordsOf, JOB_FAILED_PREFIX } from '../../shared/warnings';

// The core writes its warnings in English (journals keep them so); shared/warnings.ts recognises them so the
// app, the report and the CLI can say them in French. A reworded core sentence must fail here, not go English.
describe('the core warnings, recognised for every language', () => {
  it('a pile-up warning, with its count, growth and sizes, said in French with a decimal comma', () => {
    const text = pileUpWarning({ backups: 14, bytes: 3_300_000 }, { backups: 10, bytes: 2_100_000 }, '10.0.0.5')!;
    expect(backupWarningOf(text)).toEqual({
      kind: 'pile-up',
      backups: 14,
      growth: 57,
      from: 2_100_000,
      to: 3_300_000,
      address: '10.0.0.5',
    });
    const fr = backupWarningWords(text, cliWords('fr-CA'));
    expect(fr).toContain('il en contient 14');
    expect(fr).toMatch(/2,1\u00a0Mo → 3,3\u00a0Mo/);
    expect(fr).toContain('https://10.0.0.5/');
    expect(backupWarningWords(text, cliWords('en'))).toBe(text);
  });

  it('the other warnings and the quoted words of a failed job', () => {
    expect(backupWarningOf(NO_PREVIEW_WARNING).kind).toBe('no-preview');
    expect(backupWarningOf('Compatibility preview unavailable: socket hang up').kind).toBe('preview-unavailable');
    expect(
      backupWarningOf('XML requested but API revision 6.0 needs JSON (XML works from 7.0): JSON was used.'),
    ).toEqual({ kind: 'xml-json', revision: '6.0' });
    expect(backupWarningOf('something new').kind).toBe('other');
    expect(controllerWordsOf('JOB_FAILED', `${JOB_FAILED_PREFIX}disk full`)).toBe('disk full');
    expect(controllerWordsOf('TIMEOUT', 'x')).toBeNull();
  });
});
