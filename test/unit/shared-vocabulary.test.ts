import { describe, expect, it } from 'vitest';
import { CALLS } from '../../preload/api';
import { judgeBackup, judgeCompatibility } from '../../main/core/runs/verdict';
import { controllerProblems } from '../../main/core/inventory/csv-import';
import { deviceKey } from '../../main/core/inventory/known-devices';
import { hostProblem, splitTypedAddress } from '../../shared/address';
import { controllerIdOf } from '../../shared/controller-id';
import { fileNameProblemKind } from '../../shared/file-name';
import { ageInDays, formatAge, formatBytes, formatDateTime, formatDuration, formatRate } from '../../shared/format';
import { localeFromEnvironment, parseLanguageSetting, resolveLocale } from '../../shared/locale';
import { runOutcome, verdictReasonOf } from '../../shared/words';
import { fileNameProblem } from '../../shared/data-types';
import { effectiveAddress } from '../../renderer/src/stores/wizard';

const NBSP = /[\u00a0\u202f]/g;
const plain = (s: string | null): string | null => (s === null ? null : s.replace(NBSP, ' '));

describe('one address rule for the forms, the IPC schema and the core', () => {
  const cases: Array<[string, boolean]> = [
    ['10.0.0.1', true],
    ['ahu-1.plant.local', true],
    ['fe80::1', true],
    ['10.0.0.1:8443', false],
    ['https://10.0.0.1', false],
    ['10.0.0.1/admin', false],
    ['admin@10.0.0.1', false],
    ['[fe80::1]', false],
    ['10.0.0.1 ', true], // trimmed by every caller first
    ['ahu"1', false],
    ['', false],
  ];
  it.each(cases)('%j: usable = %s everywhere', (host, usable) => {
    const ipc = CALLS['inventory:add'].request.safeParse({ name: 'AHU', host, port: 443 }).success;
    const core = controllerProblems({
      name: 'AHU',
      host: host.trim(),
      port: 443,
      site: null,
      username: null,
      credential: null,
      fingerprint: null,
      target: null,
      notes: null,
    }).every((p) => p.column !== 'host');
    expect({ ipc, core, shared: hostProblem(host.trim()) === null }).toEqual({
      ipc: usable,
      core: usable,
      shared: usable,
    });
  });

  it('a form takes "host:port" (and a pasted URL) as host and port, and refuses two ports that disagree', () => {
    expect(effectiveAddress({ host: '10.0.0.1:8443', port: '443' })).toEqual({ host: '10.0.0.1', port: 8443 });
    expect(effectiveAddress({ host: 'https://[fe80::1]:9443/', port: '443' })).toEqual({ host: 'fe80::1', port: 9443 });
    expect(effectiveAddress({ host: '10.0.0.1:8443', port: '8443' })).toEqual({ host: '10.0.0.1', port: 8443 });
    expect(effectiveAddress({ host: '10.0.0.1:8443', port: '9443' })).toBeNull();
    expect(effectiveAddress({ host: '10.0.0.1', port: '99999' })).toBeNull();
    expect(splitTypedAddress(' 10.0.0.1 ')).toEqual({ host: '10.0.0.1', port: null });
  });

  it('derives the controller id one way: trimmed, lower-cased host and the port (the pin store agrees)', () => {
    expect(controllerIdOf(' AHU-1.Plant.local ', 8443)).toBe('ahu-1.plant.local:8443');
    expect(deviceKey('AHU-1.Plant.local', 8443)).toBe(controllerIdOf('AHU-1.Plant.local', 8443));
  });

  it('checks file names one way, in the core words and as kinds for each language', () => {
    expect(fileNameProblemKind('AHU 1')).toBeNull();
    expect(fileNameProblemKind('a.b')).toBe('separator');
    expect(fileNameProblemKind('x'.repeat(65))).toBe('too-long');
    expect(fileNameProblem('a|b')).toBe('The file name may not contain < > : " | ? or *.');
  });
});

describe('numbers, sizes, durations and dates in each language', () => {
  it('sizes: one decimal under 10, decimal comma and French units', () => {
    expect(plain(formatBytes(240_000_000, 'en'))).toBe('240 MB');
    expect(plain(formatBytes(1_600_000, 'en'))).toBe('1.6 MB');
    expect(plain(formatBytes(1_600_000, 'fr-CA'))).toBe('1,6 Mo');
    expect(plain(formatBytes(999_960, 'en'))).toBe('1.0 MB');
    expect(plain(formatBytes(512, 'fr-CA'))).toBe('512 o');
    expect(formatBytes(null, 'en')).toBe('—');
    expect(plain(formatRate(31_000_000, 'fr-CA'))).toBe('31 Mo/s');
  });

  it('durations and ages', () => {
    expect(plain(formatDuration(125, 'en'))).toBe('2 min 5 sec');
    expect(plain(formatDuration(125, 'fr-CA'))).toBe('2 min 5 s');
    expect(plain(formatDuration(3840, 'fr-CA'))).toBe('1 h 4 min');
    const now = Date.parse('2026-03-10T12:00:00Z');
    expect(formatAge('2026-03-10T09:00:00Z', 'en', now)).toBe('3 hours ago');
    expect(formatAge('2026-03-09T11:00:00Z', 'fr-CA', now)).toBe('hier');
    expect(formatAge(null, 'en', now)).toBeNull();
    expect(ageInDays('2026-02-28T12:00:00Z', now)).toBe(10);
  });

  it('dates: 24 h in French', () => {
    const fr = plain(formatDateTime('2026-03-04T15:07:00', 'fr-CA'))!;
    expect(fr).toMatch(/15 h 07/);
    expect(plain(formatDateTime('2026-03-04T15:07:00', 'en'))).toMatch(/3:07 PM/);
  });
});

describe('the language', () => {
  it('follows the system, else English; LANG and friends the POSIX way', () => {
    expect(resolveLocale(['de-DE', 'fr-FR', 'en'])).toBe('fr-CA');
    expect(resolveLocale(['de'])).toBe('en');
    expect(localeFromEnvironment({ LANG: 'fr_CA.UTF-8' })).toBe('fr-CA');
    expect(localeFromEnvironment({ LANG: 'fr_CA.UTF-8', LC_ALL: 'C' })).toBe('en');
    expect(localeFromEnvironment({ LANGUAGE: 'fr:en', LANG: 'en_US.UTF-8' })).toBe('fr-CA');
    expect(parseLanguageSetting('fr')).toBe('fr-CA');
    expect(parseLanguageSetting('klingon')).toBeNull();
  });
});

describe('what a result means, said the same everywhere', () => {
  it('a backup saved but not restorable is "saved, not ready": neither a failure nor done', () => {
    const judged = judgeCompatibility('ERROR_MISSMATCH_VERSION');
    expect(runOutcome('succeeded', judged.verdict)).toBe('saved-not-ready');
    expect(runOutcome('failed', 'not-ready')).toBe('not-backed-up');
    expect(runOutcome('succeeded', 'ready-with-warning')).toBe('ready-with-warning');
  });

  it('recognises every reason the core writes, so each language can say it', () => {
    expect(verdictReasonOf(judgeCompatibility(null).reason)).toEqual({ kind: 'no-compatibility' });
    expect(verdictReasonOf(judgeCompatibility('ERROR_MISSMATCH_VERSION').reason)).toEqual({
      kind: 'incompatible',
      compatibility: 'ERROR_MISSMATCH_VERSION',
    });
    expect(verdictReasonOf(judgeCompatibility('WARNING_MISSMATCH_MODEL').reason)).toEqual({
      kind: 'compatibility-warning',
      compatibility: 'WARNING_MISSMATCH_MODEL',
    });
    const usb = judgeBackup({
      status: 'succeeded',
      error: null,
      backup: { file: null, sha256: null, compatibility: 'OK' } as never,
    });
    expect(verdictReasonOf(usb.reason)).toEqual({ kind: 'usb-key' });
  });
});
