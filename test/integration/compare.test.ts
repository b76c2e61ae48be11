import fs from 'node:fs/promises';
import path from 'node:path';
import yazl from 'yazl';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compareBackups, DEFAULT_COMPARE_LIMITS } from '../../main/core/archive/compare';
import { overlappingBomb } from '../hardening/zip-bombs';
import { tempDir } from '../support/fixtures';
import { runCli } from '../support/run-cli';

/** Writes a zip of `entries` (name → text or bytes). */
async function zipOf(file: string, entries: Record<string, string | Buffer>): Promise<string> {
  const zip = new yazl.ZipFile();
  for (const [name, body] of Object.entries(entries))
    zip.addBuffer(Buffer.isBuffer(body) ? body : Buffer.from(body), name);
  zip.end();
  const chunks: Buffer[] = [];
  for await (const c of zip.outputStream) chunks.push(c as Buffer);
  await fs.writeFile(file, Buffer.concat(chunks));
  return file;
}

const BEFORE_JSON = `{\n  "hostname": "AHU-1",\n  "bacnet": {\n    "deviceId": 1001,\n    "port": 47808\n  },\n  "timezone": "America/Toronto"\n}\n`;
const AFTER_JSON = BEFORE_JSON.replace('"deviceId": 1001', '"deviceId": 2002');

describe('compare two backups', () => {
  let work: string;
  let a: string;
  let b: string;

  beforeAll(async () => {
    work = await tempDir('eclypse-compare-');
    a = await zipOf(path.join(work, 'before.ecybackup'), {
      'BACNET_CONFIGURATION/bacnet.json': BEFORE_JSON,
      'NETWORK_CONFIGURATION/network.ini': '[eth0]\r\nip=10.0.0.5\r\nmask=255.255.255.0\r\n',
      'TRENDLOG/trend.bin': Buffer.from([0, 1, 2, 3, 0, 5]),
      'GFX/program.xml': '<program><block id="1"/></program>\n',
    });
    b = await zipOf(path.join(work, 'after.ecybackup'), {
      'BACNET_CONFIGURATION/bacnet.json': AFTER_JSON,
      // Same content, LF instead of CRLF: a changed entry (its CRC differs), but no changed line.
      'NETWORK_CONFIGURATION/network.ini': '[eth0]\nip=10.0.0.5\nmask=255.255.255.0\n',
      'GFX/program.xml': '<program><block id="1"/></program>\n',
      'USER_MANAGEMENT/users.csv': 'name,role\nadmin,Admin\n',
    });
  });
  afterAll(async () => {
    await fs.rm(work, { recursive: true, force: true });
  });

  it('lists entries added, removed and changed by CRC and size, with a line diff of the text ones', async () => {
    const r = await compareBackups(a, b);
    expect({ added: r.added, removed: r.removed, changed: r.changed, unchanged: r.unchanged }).toEqual({
      added: 1,
      removed: 1,
      changed: 2,
      unchanged: 1,
    });
    expect(r.differences.map((d) => [d.change, d.name])).toEqual([
      ['changed', 'BACNET_CONFIGURATION/bacnet.json'],
      ['changed', 'NETWORK_CONFIGURATION/network.ini'],
      ['removed', 'TRENDLOG/trend.bin'],
      ['added', 'USER_MANAGEMENT/users.csv'],
    ]);
    const json = r.differences[0]!;
    expect(json.before!.bytes).toBe(Buffer.byteLength(BEFORE_JSON));
    expect(json.before!.crc32).not.toBe(json.after!.crc32);
    expect(json.diff).toMatchObject({ added: 1, removed: 1, truncated: false });
    const lines = (json.diff as { lines: Array<{ op: string; text: string }> }).lines;
    expect(lines.filter((l) => l.op !== ' ' && l.op !== '@')).toEqual([
      { op: '-', text: '    "deviceId": 1001,' },
      { op: '+', text: '    "deviceId": 2002,' },
    ]);
    expect(r.differences[1]!.diff).toMatchObject({ added: 0, removed: 0 });
  });

  it('keeps diffs bounded: too large, too many lines, too different, and bytes that are not text', async () => {
    const big = 'x\n'.repeat(600);
    const many = Array.from({ length: 300 }, (_, i) => `line ${i}`).join('\n');
    const c = await zipOf(path.join(work, 'c.ecybackup'), {
      'a.json': big,
      'b.csv': many,
      'c.xml': 'one\ntwo\n',
      'd.ini': Buffer.from([0xff, 0xfe, 0x00]),
    });
    const d = await zipOf(path.join(work, 'd.ecybackup'), {
      'a.json': `${big}y\n`,
      'b.csv': many.replace(/line (\d+)/g, 'row $1'),
      'c.xml': 'three\nfour\n',
      'd.ini': Buffer.from([0xff, 0xfe, 0x01]),
    });
    const r = await compareBackups(c, d, {
      ...DEFAULT_COMPARE_LIMITS,
      maxTextBytes: 1000,
      maxLinesPerEntry: 50,
      maxEditLength: 100,
    });
    const diff = (name: string) => r.differences.find((x) => x.name === name)!.diff;
    expect(diff('a.json')).toEqual({ none: 'too-large' });
    expect(diff('d.ini')).toEqual({ none: 'binary' });
    const rewritten = await compareBackups(c, d, { ...DEFAULT_COMPARE_LIMITS, maxEditLength: 100 });
    expect(rewritten.differences.find((x) => x.name === 'b.csv')!.diff).toEqual({ none: 'too-different' });
    const small = await compareBackups(c, d, { ...DEFAULT_COMPARE_LIMITS, maxLinesPerEntry: 3 });
    expect(small.differences.find((x) => x.name === 'c.xml')!.diff).toMatchObject({
      truncated: true,
      added: 2,
      removed: 2,
    });
  });

  it('refuses a zip bomb from its central directory, naming the file, before inflating anything', async () => {
    const bomb = path.join(work, 'bomb.ecybackup');
    await fs.writeFile(bomb, overlappingBomb(2000, 32));
    const started = Date.now();
    await expect(compareBackups(a, bomb)).rejects.toMatchObject({
      code: 'ARCHIVE_INVALID',
      message: expect.stringContaining(bomb),
    });
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('eclypse-backup compare: a summary for a person (names made safe for the terminal), one JSON object for a script', async () => {
    const hostile = await zipOf(path.join(work, 'hostile.ecybackup'), {
      'GFX/program.xml': '<program/>\n',
      'evil\u001b]0;pwned\u0007.json': '{}',
    });
    const text = await runCli(['compare', a, hostile]);
    expect(text.code).toBe(1);
    expect(text.stdout).toContain('~ GFX/program.xml');
    expect(text.stdout).toContain('+ evil.json');
    expect(text.stdout).not.toContain('\u001b');
    const json = await runCli(['compare', a, b, '--json']);
    expect(json.code).toBe(1);
    const parsed = JSON.parse(json.stdout) as { status: string; added: number; differences: Array<{ name: string }> };
    expect(parsed).toMatchObject({ status: 'different', added: 1, removed: 1, changed: 2 });
    expect((await runCli(['compare', a, a])).code).toBe(0);
    const missing = await runCli(['compare', a, path.join(work, 'nope.ecybackup'), '--json']);
    expect(missing.code).toBe(2);
    expect(JSON.parse(missing.stdout)).toMatchObject({ status: 'error', error: { code: 'INVALID_INPUT' } });
    // In French when the terminal or --lang asks: the summary and the hint of a failure.
    const fr = await runCli(['compare', a, b, '--lang', 'fr']);
    expect(fr.stdout).toContain('1 ajoutées, 1 retirées, 2 modifiées, 1 inchangées.');
    const frError = await runCli(['compare', a, path.join(work, 'nope.ecybackup')], { LANG: 'fr_CA.UTF-8' });
    expect(frError.stderr).toContain('Une valeur donnée à l’outil n’est pas valide.');
  });
});
