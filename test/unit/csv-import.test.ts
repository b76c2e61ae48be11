import { performance } from 'node:perf_hooks';
import { describe, expect, it } from 'vitest';
import { parseInventoryCsv } from '../../main/core/inventory/csv-import';
import type { CsvProblem } from '../../shared/inventory';

const FP = Array.from({ length: 32 }, (_, i) =>
  (i * 7 + 16).toString(16).toUpperCase().padStart(2, '0').slice(-2),
).join(':');
const HEADER = 'name,host,port,site,username,fingerprint,credential,target';

/** The problems as `line/column` keys, the readable way to compare them. */
function where(problems: CsvProblem[]): string[] {
  return problems.map((p) => `${p.line}/${p.column ?? '-'}`);
}

describe('parseInventoryCsv: good files', () => {
  it('reads every column, defaults the port to 443 and derives the id from host and port', () => {
    const csv = `${HEADER}\nAHU-1,10.0.0.5,,Campus,admin,${FP.replace(/:/g, '').toLowerCase()},ops,usbkey\nVAV 2,Ctrl-B.local,8443,,,,,\n`;
    const { controllers, problems } = parseInventoryCsv(csv);
    expect(problems).toEqual([]);
    expect(controllers).toEqual([
      {
        id: '10.0.0.5:443',
        name: 'AHU-1',
        host: '10.0.0.5',
        port: 443,
        site: 'Campus',
        username: 'admin',
        credential: 'ops',
        fingerprint: FP,
        target: 'UsbKey',
        notes: null,
      },
      {
        id: 'ctrl-b.local:8443',
        name: 'VAV 2',
        host: 'Ctrl-B.local',
        port: 8443,
        site: null,
        username: null,
        credential: null,
        fingerprint: null,
        target: null,
        notes: null,
      },
    ]);
  });

  it('matches column names in any case and with spaces, in any order, with only name and host required', () => {
    const { controllers, problems } = parseInventoryCsv(' HOST , Name \n10.0.0.1,A\n');
    expect(problems).toEqual([]);
    expect(controllers.map((c) => [c.name, c.id])).toEqual([['A', '10.0.0.1:443']]);
  });

  it('detects ";" from the header (Excel in European locales)', () => {
    const { controllers, problems } = parseInventoryCsv(
      'name;host;port;site\n"Bâtiment A, étage 2";10.0.0.1;443;Montréal\n',
    );
    expect(problems).toEqual([]);
    expect(controllers[0]).toMatchObject({ name: 'Bâtiment A, étage 2', site: 'Montréal' });
  });

  it('accepts a UTF-8 BOM, in a Buffer and in a string, and CRLF line ends', () => {
    const text = `name,host,site\r\nA,10.0.0.1,Zürich\r\n`;
    const fromBuffer = parseInventoryCsv(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]));
    const fromString = parseInventoryCsv(`\uFEFF${text}`);
    for (const r of [fromBuffer, fromString]) {
      expect(r.problems).toEqual([]);
      expect(r.controllers[0]).toMatchObject({ name: 'A', site: 'Zürich' });
    }
  });

  it('reads quoted fields with commas, quotes and line breaks, and keeps counting physical lines', () => {
    const csv = `name,host,site\n"AHU ""North"", roof",10.0.0.1,"Campus, bldg 2"\n"Multi\nline",10.0.0.2,\nC,10.0.0.3,"x\ny\nz"\nD,bad host,\n`;
    const { controllers, problems } = parseInventoryCsv(csv);
    expect(controllers[0]).toMatchObject({ name: 'AHU "North", roof', site: 'Campus, bldg 2' });
    // Line 3-4 holds a name with a line break, 5-7 a site with two: the bad host after them is on line 8.
    expect(where(problems)).toEqual(['3/name', '5/site', '8/host']);
  });

  it('reads a quoted value after a space the way a spreadsheet does, and explains a split one', () => {
    const { controllers, problems } = parseInventoryCsv(
      'name, host, site\n "AHU ""1""", 10.0.0.1 , "Campus"\nB, 10.0.0.2, "North, East"\n',
    );
    expect(controllers[0]).toMatchObject({ name: 'AHU "1"', host: '10.0.0.1', site: 'Campus' });
    expect(problems).toEqual([
      { line: 3, column: null, reason: expect.stringMatching(/remove the space before the opening double quote/) },
    ]);
  });

  it('ignores blank lines and Excel\'s empty ",,," rows without shifting line numbers', () => {
    const { controllers, problems } = parseInventoryCsv('\nname,host,port\n\n,,\nA,10.0.0.1,\n  \nB,10.0.0.2,0\n\n');
    expect(controllers).toHaveLength(1);
    expect(where(problems)).toEqual(['7/port']);
  });
});

describe('parseInventoryCsv: problems, each with its line and column', () => {
  it('reports empty names and hosts', () => {
    const { problems } = parseInventoryCsv('name,host\n,10.0.0.1\nA,\n');
    expect(where(problems)).toEqual(['2/name', '3/host']);
    expect(problems[0]!.reason).toMatch(/name is empty/);
  });

  it('reports hosts with a scheme, a path, a space, a port, a user or odd characters, saying what to keep', () => {
    const hosts = [
      'https://10.0.0.1',
      '10.0.0.2/api',
      '10.0.0 .3',
      '10.0.0.4:8443',
      'admin@10.0.0.5',
      '[fe80::1]',
      'ctrl;1',
    ];
    const csv = `name,host\n${hosts.map((h, i) => `C${i},"${h}"`).join('\n')}\n`;
    const { problems } = parseInventoryCsv(csv);
    expect(where(problems)).toEqual(hosts.map((_, i) => `${i + 2}/host`));
    expect(problems.map((p) => p.reason)).toEqual([
      expect.stringContaining('without "https://"'),
      expect.stringContaining('contains a path'),
      expect.stringContaining('contains a space'),
      expect.stringContaining('put 8443 in the port column'),
      expect.stringContaining('username column'),
      expect.stringContaining('without the brackets'),
      expect.stringContaining('";"'),
    ]);
  });

  it('accepts IPv6 addresses and host names', () => {
    const { controllers, problems } = parseInventoryCsv('name,host\nA,fe80::1\nB,CTRL-7.Site.local\n');
    expect(problems).toEqual([]);
    expect(controllers.map((c) => c.id)).toEqual(['fe80::1:443', 'ctrl-7.site.local:443']);
  });

  it('reports ports outside 1–65535 or not numbers', () => {
    const { problems } = parseInventoryCsv('name,host,port\nA,h1,0\nB,h2,65536\nC,h3,44x\nD,h4,-1\nE,h5,65535\n');
    expect(where(problems)).toEqual(['2/port', '3/port', '4/port', '5/port']);
    expect(problems[0]!.reason).toMatch(/1–65535, or leave it empty for 443/);
  });

  it('reports fingerprints that are not SHA-256, recognising a SHA-1 one', () => {
    const sha1 = 'ab'.repeat(20);
    const { problems } = parseInventoryCsv(
      `name,host,fingerprint\nA,h1,${sha1}\nB,h2,not-a-print\nC,h3,sha256:${FP}\n`,
    );
    expect(where(problems)).toEqual(['2/fingerprint', '3/fingerprint']);
    expect(problems[0]!.reason).toMatch(/SHA-1/);
  });

  it('reports targets other than Device or UsbKey', () => {
    const { problems } = parseInventoryCsv('name,host,target\nA,h1,Cloud\nB,h2,device\n');
    expect(where(problems)).toEqual(['2/target']);
    expect(problems[0]!.reason).toMatch(/use Device or UsbKey/);
  });

  it('reports names and sites over 100 characters or with control characters', () => {
    const long = 'x'.repeat(101);
    const { problems } = parseInventoryCsv(
      `name,host,site\n${long},h1,\nB,h2,${long}\nC\u0007,h3,\nD,h4,"a\tb"\n${'y'.repeat(100)},h5,ok\n`,
    );
    expect(where(problems)).toEqual(['2/name', '3/site', '4/name', '5/site']);
    expect(problems[0]!.reason).toMatch(/101 characters long: shorten it to 100/);
    expect(problems[2]!.reason).toMatch(/control character/);
  });

  it('reports a line with the wrong number of fields as a whole-line problem', () => {
    const { controllers, problems } = parseInventoryCsv('name,host,site\nA,h1\nB,h2,s,extra\nC,h3,s\n');
    expect(where(problems)).toEqual(['2/-', '3/-']);
    expect(problems[0]!.reason).toMatch(/2 fields but the header has 3/);
    expect(controllers.map((c) => c.name)).toEqual(['C']);
  });

  it('reports a repeated address (host in any case, default port) on the later line, naming the earlier one', () => {
    const { controllers, problems } = parseInventoryCsv(
      'name,host,port\nA,Ctrl.local,443\nB,10.0.0.1,\nC,CTRL.LOCAL,\nD,ctrl.local,8443\n',
    );
    expect(where(problems)).toEqual(['4/host']);
    expect(problems[0]!.reason).toBe(
      'the same controller (ctrl.local:443) is already on line 2: remove one of the two lines',
    );
    expect(controllers.map((c) => c.name)).toEqual(['A', 'B', 'D']);
  });

  it('reports unknown columns with a suggestion, and still checks the lines', () => {
    const { problems } = parseInventoryCsv(`name,host,fingreprint,colour\nA,h1,${FP},red\nB,,x,blue\n`);
    expect(where(problems)).toEqual(['1/fingreprint', '1/colour', '3/host']);
    expect(problems[0]!.reason).toMatch(/unknown column "fingreprint" \(did you mean "fingerprint"\?\)/);
    expect(problems[1]!.reason).not.toMatch(/did you mean/);
  });

  it('reports missing required columns, repeated and unnamed columns', () => {
    expect(where(parseInventoryCsv('name,address\nA,h1\n').problems)).toEqual(['1/address', '1/host']);
    expect(where(parseInventoryCsv('name,host,host\nA,h1,h2\n').problems)).toEqual(['1/host']);
    expect(where(parseInventoryCsv('name,host,\nA,h1,\n').problems)).toEqual(['1/-']);
  });

  it('reports an empty file and a header without controllers', () => {
    expect(parseInventoryCsv('').problems).toEqual([
      { line: 1, column: null, reason: expect.stringMatching(/no header/) },
    ]);
    expect(parseInventoryCsv('name,host\n').problems).toEqual([
      { line: 1, column: null, reason: expect.stringMatching(/no controller lines/) },
    ]);
  });

  it('reports a quote that is never closed on the line where it opens', () => {
    const { problems } = parseInventoryCsv('name,host\nA,h1\n\n"B,h2\nC,h3\n');
    expect(problems).toEqual([{ line: 4, column: null, reason: expect.stringMatching(/never closed/) }]);
  });

  it('asks for UTF-8 when the file is Windows-1252, naming the first bad line', () => {
    const latin1 = Buffer.from('name,host,site\nA,h1,Zurich\nB,h2,Montr\xe9al\n', 'latin1');
    const { controllers, problems } = parseInventoryCsv(latin1);
    expect(controllers).toEqual([]);
    expect(problems).toEqual([{ line: 3, column: null, reason: expect.stringMatching(/not UTF-8.*CSV UTF-8/) }]);
  });

  it('asks for UTF-8 when the file is UTF-16, with or without a BOM', () => {
    const body = Buffer.from('name,host\nA,h1\n', 'utf16le');
    for (const bytes of [Buffer.concat([Buffer.from([0xff, 0xfe]), body]), body]) {
      expect(parseInventoryCsv(bytes).problems).toEqual([
        { line: 1, column: null, reason: expect.stringMatching(/UTF-16.*save it as UTF-8/) },
      ]);
    }
  });

  it('reports several problems of one line in column order', () => {
    const { problems } = parseInventoryCsv('name,host,port,target\n,http://x,99999,Cloud\n');
    expect(where(problems)).toEqual(['2/name', '2/host', '2/port', '2/target']);
  });
});

describe('parseInventoryCsv: size', () => {
  // Speed is a benchmark's business on these shared machines; this holds the result, and the printed time is
  // for a person. The generous test timeout still catches a parser gone quadratic.
  it('parses 100 000 lines, every one of them', () => {
    const lines = [HEADER];
    for (let i = 0; i < 100_000; i++) {
      lines.push(
        `"Controller ${i}, floor ${i % 40}",10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255},443,Site ${i % 50},admin,${FP},ops,Device`,
      );
    }
    const text = `${lines.join('\r\n')}\r\n`;
    const started = performance.now();
    const { controllers, problems } = parseInventoryCsv(Buffer.from(text, 'utf8'));
    const ms = performance.now() - started;
    console.log(`parseInventoryCsv: 100 000 lines (${(text.length / 1e6).toFixed(1)} MB) in ${ms.toFixed(0)} ms`);
    expect(problems).toEqual([]);
    expect(controllers).toHaveLength(100_000);
    expect(controllers[99_999]).toMatchObject({
      name: 'Controller 99999, floor 39',
      host: '10.1.134.159',
      site: 'Site 49',
    });
  }, 60_000);
});
