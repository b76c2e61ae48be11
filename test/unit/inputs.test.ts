import { describe, expect, it } from 'vitest';
import { parseAddress } from '../../main/cli/address';
import { defaultFileName, parseDataTypes } from '../../main/core/backup/options';
import { ALL_DATA_TYPES, DATA_TYPE_PRESETS, fileNameProblem } from '../../shared/data-types';
import { parseTarget } from '../../main/core/device/backup-target';
import { compareRevisions, revisionAtLeast } from '../../main/core/device/endpoints';
import { normalizeFingerprint, sameFingerprint } from '../../main/core/device/fingerprint';
import { CodedError } from '../../main/core/errors';

const FP = 'AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89';

describe('what a technician types', () => {
  it('accepts fingerprints with colons or plain hex, any case', () => {
    expect(normalizeFingerprint(FP.toLowerCase())).toBe(FP);
    expect(normalizeFingerprint(FP.replace(/:/g, ''))).toBe(FP);
    expect(normalizeFingerprint(`SHA256: ${FP.replace(/:/g, ' ')}`)).toBe(FP);
    expect(sameFingerprint(FP, FP.replace(/:/g, '').toLowerCase())).toBe(true);
  });

  it('rejects fingerprints that are not SHA-256', () => {
    expect(() => normalizeFingerprint('AB:CD')).toThrow(CodedError);
    expect(() => normalizeFingerprint(`${FP}:00`)).toThrow(/64 hexadecimal/);
    expect(() => normalizeFingerprint(FP.replace('A', 'G'))).toThrow(/not a SHA-256/);
  });

  it('parses host, host:port and IPv6 addresses, 443 by default', () => {
    expect(parseAddress('10.0.0.5')).toEqual({ host: '10.0.0.5', port: 443 });
    expect(parseAddress('10.0.0.5:8443')).toEqual({ host: '10.0.0.5', port: 8443 });
    expect(parseAddress('https://ahu-1.local/')).toEqual({ host: 'ahu-1.local', port: 443 });
    expect(parseAddress('[fe80::1]:444')).toEqual({ host: 'fe80::1', port: 444 });
    expect(parseAddress('fe80::1')).toEqual({ host: 'fe80::1', port: 443 });
    expect(parseAddress('10.0.0.5', 80)).toEqual({ host: '10.0.0.5', port: 80 });
    for (const bad of ['10.0.0.5:0', '10.0.0.5:70000', '10.0.0.5:abc', '', 'a b', 'user@host']) {
      expect(() => parseAddress(bad), bad).toThrow(CodedError);
    }
  });

  it('validates file names the controller will append a timestamp to', () => {
    expect(fileNameProblem('GYM24')).toBeUndefined();
    expect(fileNameProblem('AHU-1_before upgrade')).toBeUndefined();
    for (const bad of ['', 'a.b', 'a/b', 'a\\b', 'a\u0000b', 'a\nb', 'x'.repeat(65), ' lead', 'a:b', 'a*b']) {
      expect(fileNameProblem(bad), JSON.stringify(bad)).toBeDefined();
    }
  });

  it('derives a safe default file name from the controller name', () => {
    expect(defaultFileName('ahu.bldg-2')).toBe('ahu-bldg-2');
    expect(defaultFileName('../../etc')).toBe('etc');
    expect(defaultFileName('...')).toBe('backup');
    expect(fileNameProblem(defaultFileName('a'.repeat(200)))).toBeUndefined();
  });

  it('knows the 13 data types and both presets', () => {
    expect(ALL_DATA_TYPES).toHaveLength(13);
    expect(parseDataTypes('all')).toHaveLength(13);
    expect(parseDataTypes('CONFIG')).toEqual(DATA_TYPE_PRESETS.config);
    expect(DATA_TYPE_PRESETS.config).not.toContain('TRENDLOG');
    expect(DATA_TYPE_PRESETS.config).not.toContain('PERSISTENCY');
    expect(DATA_TYPE_PRESETS.config).not.toContain('MODULES_FIRMWARES');
    expect(DATA_TYPE_PRESETS.config).toHaveLength(10);
    expect(parseDataTypes('timezone, gfx,GFX')).toEqual(['TIMEZONE', 'GFX']);
    expect(() => parseDataTypes('TIMEZONE,BOGUS')).toThrow(/"BOGUS"/);
    expect(() => parseDataTypes(' , ')).toThrow(CodedError);
  });

  it('parses targets', () => {
    expect(parseTarget('device')).toBe('Device');
    expect(parseTarget('UsbKey')).toBe('UsbKey');
    expect(() => parseTarget('cloud')).toThrow(/Device or UsbKey/);
  });

  it('compares API revisions numerically', () => {
    expect(compareRevisions('10.0', '9.5')).toBeGreaterThan(0);
    expect(compareRevisions('1.10', '1.9')).toBeGreaterThan(0);
    expect(revisionAtLeast('6.0', '6.0')).toBe(true);
    expect(revisionAtLeast('5.9', '6.0')).toBe(false);
    expect(revisionAtLeast('7', '7.0')).toBe(true);
  });
});
