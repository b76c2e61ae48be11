import { describe, expect, it } from 'vitest';
import { readBackupOptions, readJob, readJobId } from '../../main/core/device/answers';
import { decodeBody } from '../../main/core/device/codecs';
import { signInHint } from '../../main/core/device/sign-in-refusals';
import { englishHint } from '../../shared/errors';
import { pileUpWarning, storeOf } from '../../main/core/backup/store-pile-up';

const DATA_TYPES = ['TIMEZONE', 'WEB_SERVER_CONFIGURATION', 'WEATHER'];

describe('GET /system/backup, whatever its shape', () => {
  it('reads the documented object by field name, whatever the casing', () => {
    expect(readBackupOptions({ dataTypes: DATA_TYPES, envysionProjects: ['Lobby'] })).toEqual({ projects: ['Lobby'] });
    expect(readBackupOptions({ DataTypes: DATA_TYPES, EnvysionProjects: [{ Name: 'Roof' }] })).toEqual({
      projects: ['Roof'],
    });
  });

  it('never takes a list under another key for projects: only dataTypes means none', () => {
    expect(readBackupOptions({ dataTypes: DATA_TYPES })).toEqual({ projects: [] });
    expect(readBackupOptions({ projects: ['Lobby'] })).toEqual({ projects: [] });
  });

  it('reads XML, where one project is one element and several are a list', () => {
    const one = decodeBody(
      '<Backup><DataTypes><DataType>GFX</DataType></DataTypes><EnvysionProjects><EnvysionProject>Lobby &amp; Atrium</EnvysionProject></EnvysionProjects></Backup>',
      'application/xml',
    );
    expect(readBackupOptions(one)).toEqual({ projects: ['Lobby & Atrium'] });
    const two = decodeBody(
      '<Backup><EnvysionProjects><EnvysionProject>A</EnvysionProject><EnvysionProject>B</EnvysionProject></EnvysionProjects></Backup>',
      'application/xml',
    );
    expect(readBackupOptions(two)).toEqual({ projects: ['A', 'B'] });
    expect(readBackupOptions(decodeBody('<Backup><EnvysionProjects/></Backup>', 'application/xml'))).toEqual({
      projects: [],
    });
  });

  it('still reads our older guesses: a bare list of names or of {name}', () => {
    expect(readBackupOptions(['A', 'B'])).toEqual({ projects: ['A', 'B'] });
    expect(readBackupOptions([{ name: 'A' }])).toEqual({ projects: ['A'] });
    expect(readBackupOptions(undefined)).toEqual({ projects: [] });
  });

  it('an unknown shape gives no projects and a warning asking for a field report, never a guess', () => {
    for (const body of [
      'plain text',
      42,
      [{ id: 1 }],
      { envysionProjects: { a: 1, b: 2 } },
      { envysionProjects: [null] },
    ]) {
      const read = readBackupOptions(body);
      expect(read.projects).toEqual([]);
      expect(read.warning).toMatch(/not understood.*without ENVYSION projects.*diagnose/);
    }
  });
});

describe('a job, with only progress documented', () => {
  it('decides from the status word where there is one, else from an error text, else from 100 %', () => {
    expect(readJob({ progress: 40, status: 'Running' }).status).toBe('running');
    expect(readJob({ progress: 100, status: 'Failed', error: 'disk full' })).toEqual({
      progress: 100,
      status: 'failed',
      message: 'disk full',
    });
    expect(readJob({ type: 'Backup', progress: 100 }).status).toBe('completed');
    expect(readJob({ type: 'Backup', progress: 90 }).status).toBe('running');
    expect(readJob({ type: 'Backup', progress: 100, error: 'insufficient storage' }).status).toBe('failed');
  });

  it('finds a job id where a firmware puts one, and none is fine', () => {
    expect(readJobId({ jobId: 'a' })).toBe('a');
    expect(readJobId({ JobId: 'b' })).toBe('b');
    expect(readJobId({ job: 'c' })).toBe('c');
    expect(readJobId({ job: { id: 'd' } })).toBe('d');
    expect(readJobId({})).toBeUndefined();
    expect(readJobId(undefined)).toBeUndefined();
    expect(readJobId({ jobId: '' })).toBeUndefined();
  });
});

describe('a refused login', () => {
  it('names the cause the controller gives, or every possible one', () => {
    expect(signInHint(401, '<p>Password change required: this is the first login</p>')).toMatch(/first login/);
    expect(signInHint(401, '{"error":"User must change password"}')).toMatch(/must change its password/);
    expect(signInHint(401, 'RADIUS server unreachable')).toMatch(/RADIUS/);
    expect(signInHint(403, '{"error":"no REST API access"}')).toMatch(/REST API role/);
    expect(signInHint(401, '<h1>401 Unauthorized</h1>')).toBe(englishHint('AUTH_FAILED'));
    expect(signInHint(403, '')).toBe(englishHint('FORBIDDEN'));
  });
});

describe('backups piling up on a controller', () => {
  const files = (n: number, size = 1000) => Array.from({ length: n }, (_, i) => ({ name: `F${i}`, size }));

  it('warns past 10 backups, or when their bytes grew by more than a quarter since the last run', () => {
    expect(pileUpWarning(storeOf(files(10)), null, '10.0.0.5')).toBeUndefined();
    expect(pileUpWarning(storeOf(files(11)), null, '10.0.0.5')).toMatch(/holds 11 backups.*https:\/\/10\.0\.0\.5\//);
    expect(pileUpWarning(storeOf(files(5)), { backups: 4, bytes: 4000 }, 'h')).toBeUndefined();
    expect(pileUpWarning(storeOf(files(6)), { backups: 4, bytes: 4000 }, 'h')).toMatch(/grew by 50 %/);
    expect(pileUpWarning(storeOf([{ name: 'a' }]), { backups: 4, bytes: 4000 }, 'h')).toBeUndefined();
  });
});
