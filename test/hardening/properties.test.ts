import path from 'node:path';
import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { csvCell } from '../../main/core/archive/csv-cell';
import { assertInside, controllerFolder, safeSegment } from '../../main/core/archive/layout';
import { escapeHtml } from '../../main/core/reports/report-html';
import { decodeBody, encodeBody, errorMessageFrom, field, numberField } from '../../main/core/device/codecs';
import { controllerProblems, FORMULA_GUARDED, parseInventoryCsv } from '../../main/core/inventory/csv-import';

// Thousands of generated cases over everything that turns outside text into paths, cells, markup or
// values. A failure prints its smallest counterexample and the seed and path to replay it.

const RUNS = 2000;
// A fixed seed keeps `npm test` deterministic; FC_SEED=<n> (or FC_SEED=random) explores other cases.
const SEED = process.env.FC_SEED === 'random' ? Date.now() : Number(process.env.FC_SEED || 20261128);
fc.configureGlobal({ seed: SEED });
const ROOT = path.resolve('/srv/eclypse-archive');

// Text a controller or a person could produce: any Unicode, with the characters that break things
// (separators, dots, quotes, control characters, formula starters) made frequent.
const NASTY = [
  '/',
  '\\',
  '.',
  '..',
  ' ',
  '\t',
  '\n',
  '\r',
  '\u0000',
  '\u001b',
  '"',
  "'",
  ',',
  ';',
  '=',
  '+',
  '-',
  '@',
  ':',
  '*',
  '?',
  '<',
  '>',
  '|',
  '&',
  'CON',
  'nul',
  'COM1',
  '\u00e9',
  '\u202e',
  '\ud83d\ude00',
];
const hostileText = fc
  .array(fc.oneof(fc.string({ unit: 'binary', maxLength: 8 }), fc.constantFrom(...NASTY)), { maxLength: 30 })
  .map((parts) => parts.join(''));

describe('file-name sanitising (archive/layout.ts)', () => {
  it('safeSegment gives one non-empty, Windows-safe segment that stays inside the archive, and is stable', () => {
    fc.assert(
      // Long names too: cutting at the length limit must not expose a trailing dot or space.
      fc.property(
        fc.oneof(
          hostileText,
          fc.tuple(fc.integer({ min: 80, max: 110 }), hostileText).map(([n, t]) => `${'a'.repeat(n)}${t}`),
        ),
        (text) => {
          const seg = safeSegment(text, 'fallback');
          expect(seg.length).toBeGreaterThan(0);
          expect(seg.length).toBeLessThanOrEqual(101);

          expect(seg).not.toMatch(/[\u0000-\u001f\u007f<>:"/\\|?*]/);
          expect(seg).not.toMatch(/^[.\s]|[.\s]$/);
          expect(seg.split('.')[0]).not.toMatch(/^(con|prn|aux|nul|com\d|lpt\d)$/i);
          expect(() => assertInside(ROOT, path.join(ROOT, seg))).not.toThrow();
          expect(safeSegment(seg, 'fallback')).toBe(seg);
          // Written to disk as UTF-8, the name is still the same name (no lone surrogate turned into U+FFFD).
          expect(Buffer.from(seg, 'utf8').toString('utf8')).toBe(seg);
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('controllerFolder is always two levels below the archive root', () => {
    fc.assert(
      fc.property(fc.option(hostileText, { nil: undefined }), hostileText, (site, name) => {
        const folder = controllerFolder(ROOT, site, name);
        expect(path.relative(ROOT, folder).split(path.sep)).toHaveLength(2);
      }),
      { numRuns: RUNS },
    );
  });
});

describe('report escaping', () => {
  it('escapeHtml leaves no markup character raw, and decodes back to the text', () => {
    fc.assert(
      fc.property(hostileText, (text) => {
        const html = escapeHtml(text);
        expect(html).not.toMatch(/[<>"']/);
        expect(html).not.toMatch(/&(?!amp;|lt;|gt;|quot;|#39;)/);
        const back = html.replace(
          /&lt;|&gt;|&quot;|&#39;|&amp;/g,
          (e) => ({ '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'", '&amp;': '&' })[e]!,
        );
        expect(back).toBe(text);
      }),
      { numRuns: RUNS },
    );
  });

  it('csvCell: a spreadsheet reads back the text (a formula with a leading quote), never a formula', () => {
    fc.assert(
      fc.property(hostileText, (text) => {
        const cell = (
          parse(`${csvCell(text)}\r\n`, { record_delimiter: '\r\n', relax_quotes: false }) as string[][]
        )[0]?.[0];
        const formula = /^[=+\-@\t\r]/.test(text);
        expect(cell).toBe(formula ? `'${text}` : text);
        expect(cell).not.toMatch(/^[=+\-@\t\r]/);
      }),
      { numRuns: RUNS },
    );
  });
});

describe('codecs (device/codecs.ts)', () => {
  const key = fc.stringMatching(/^[a-z][a-zA-Z]{0,15}$/);
  const recase = (k: string, flips: boolean[], seps: number[]) => {
    let out = '';
    [...k].forEach((ch, i) => {
      if (seps.includes(i) && i > 0) out += i % 2 ? '_' : '-';
      out += flips[i % flips.length] ? ch.toUpperCase() : ch.toLowerCase();
    });
    return out;
  };

  it('field() finds a key whatever its casing, dashes or underscores', () => {
    fc.assert(
      fc.property(
        key,
        fc.array(fc.boolean(), { minLength: 1 }),
        fc.array(fc.nat(16)),
        fc.jsonValue(),
        (k, flips, seps, value) => {
          expect(field({ [recase(k, flips, seps)]: value }, k)).toEqual(value);
          expect(field({ [recase(k, flips, seps)]: value }, k.toUpperCase())).toEqual(value);
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('numberField() reads numbers and numeric strings alike, and nothing else', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.boolean(), (n, asString) => {
        expect(numberField({ Progress: asString ? String(n) : n }, 'progress')).toBe(
          Object.is(n, -0) && asString ? 0 : n,
        );
      }),
      { numRuns: RUNS },
    );
    fc.assert(
      fc.property(
        fc.string().filter((s) => s.trim() === '' || !Number.isFinite(Number(s))),
        (s) => {
          expect(numberField({ progress: s }, 'progress')).toBeUndefined();
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('decodeBody reads back any JSON document, and never throws on any text', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const text = JSON.stringify(value);
        const decoded = decodeBody(text, 'application/json');
        if (typeof value === 'string' && value.trim() === '') return;
        expect(JSON.stringify(decoded)).toBe(text);
      }),
      { numRuns: RUNS },
    );
    fc.assert(
      fc.property(
        fc.string({ unit: 'binary', maxLength: 200 }),
        fc.constantFrom('application/json', 'application/xml', 'text/html', undefined),
        (text, type) => {
          expect(() => decodeBody(text, type)).not.toThrow();
          const line = errorMessageFrom(text, type);

          expect(line).not.toMatch(/[\u0000-\u001f\u007f-\u009f]/);
          expect(line.length).toBeLessThanOrEqual(200);
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('an XML answer reads back the text the controller meant, markup characters included', () => {
    // XML 1.0 text: no control characters besides tab and line breaks, which trimming and parsers may change.
    const xmlText = fc
      .string({ unit: 'grapheme', maxLength: 40 })
      .map((s) => s.replace(/[\u0000-\u001f\u007f-\u009f\ufffe\uffff]/g, '').trim());
    fc.assert(
      fc.property(xmlText, (text) => {
        const { body } = encodeBody({ name: text, size: '12' }, 'xml', 'File');
        expect(decodeBody(body, 'application/xml')).toEqual({ Name: text, Size: '12' });
      }),
      { numRuns: RUNS },
    );
  });
});

describe('CSV import (inventory/csv-import.ts)', () => {
  const cell = hostileText.map((s) => s.slice(0, 100));

  it('never throws, whatever the file, and every problem names a line of the file', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(cell, { maxLength: 9 }), { maxLength: 12 }),
        fc.constantFrom(',', ';'),
        (rows, sep) => {
          const text = ['name,host,port,site', ...rows.map((r) => r.join(sep))].join('\n');
          const result = parseInventoryCsv(text);
          // CR alone ends a line too (a file from an old Mac, or Excel's line break inside a cell).
          const lines = text.replace(/\r\n?/g, '\n').split('\n').length;
          for (const p of result.problems) {
            expect(p.line).toBeGreaterThanOrEqual(1);
            expect(p.line).toBeLessThanOrEqual(lines);
          }
          // What is accepted obeys the rules every stored controller obeys.
          for (const c of result.controllers) expect(controllerProblems(c)).toEqual([]);
        },
      ),
      { numRuns: RUNS },
    );
  });

  /** A cell as the inventory export writes it (InventoryStore.toCsv): a value that already looks guarded gets one more quote. */
  const exportCell = (value: string | number): string => {
    const s = String(value);
    return csvCell(FORMULA_GUARDED.test(s) ? `'${s}` : s);
  };

  it('a controller written as a CSV line (quoted, formula-guarded) is read back exactly', () => {
    const text = fc
      .string({ unit: 'grapheme', minLength: 1, maxLength: 40 })
      .filter((s) => s.trim() === s && !/[\u0000-\u001f\u007f-\u009f]/.test(s) && s.length <= 100);
    const host = fc.oneof(fc.ipV4(), fc.domain());
    fc.assert(
      fc.property(
        text,
        host,
        fc.integer({ min: 1, max: 65535 }),
        fc.option(text, { nil: null }),
        (name, h, port, site) => {
          const csv = `name,host,port,site\r\n${[name, h, port, site ?? ''].map(exportCell).join(',')}\r\n`;
          const result = parseInventoryCsv(Buffer.from(csv));
          expect(result.problems).toEqual([]);
          expect(result.controllers).toHaveLength(1);
          expect(result.controllers[0]).toMatchObject({ name, host: h, port, site });
        },
      ),
      { numRuns: RUNS },
    );
  });
});
