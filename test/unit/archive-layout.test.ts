import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { assertInside, controllerFolder, safeSegment } from '../../main/core/archive/layout';
import { csvCell } from '../../main/core/archive/csv-cell';

describe('archive paths', () => {
  it('never lets a device-given name leave the archive', () => {
    const root = path.resolve('/tmp/archive');
    for (const hostile of [
      '../../etc/passwd',
      '/etc/passwd',
      'C:\\Windows\\x',
      '..',
      '.',
      'a/../../b',
      '\u0000',
      'x\u0000/../y',
    ]) {
      const folder = controllerFolder(root, hostile, hostile);
      expect(path.relative(root, folder).startsWith('..')).toBe(false);
      expect(path.dirname(path.dirname(folder))).toBe(root);
    }
  });

  it('makes names Windows accepts', () => {
    expect(safeSegment('CON')).toBe('_CON');
    expect(safeSegment('nul.txt')).toBe('_nul.txt');
    expect(safeSegment('name. ')).toBe('name');
    expect(safeSegment('a<b>c:d"e|f?g*h')).toBe('a_b_c_d_e_f_g_h');
    expect(safeSegment('')).toBe('unnamed');
    expect(safeSegment('x'.repeat(300)).length).toBeLessThanOrEqual(100);
  });

  it('refuses paths outside the root', () => {
    expect(() => assertInside('/tmp/a', '/tmp/b/x')).toThrow(/outside/);
    expect(() => assertInside('/tmp/a', '/tmp/a')).toThrow(/outside/);
    expect(() => assertInside('/tmp/a', '/tmp/a/x')).not.toThrow();
  });

  it('neutralises spreadsheet formulas in CSV cells', () => {
    expect(csvCell('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvCell('+1')).toBe(`"'+1"`);
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell('a,b')).toBe('"a,b"');
  });
});
