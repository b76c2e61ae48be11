import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

function cssFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return cssFiles(p);
    return e.name.endsWith('.css') && e.name !== 'tokens.css' ? [p] : [];
  });
}

/** Declarations of a property family in the app's style sheets (tokens.css, which defines the scale, aside). */
function declarations(property: RegExp): Array<{ file: string; value: string }> {
  return cssFiles('renderer/src').flatMap((file) =>
    [...fs.readFileSync(file, 'utf8').matchAll(new RegExp(`(?:^|[;{\\s])(${property.source})\\s*:([^;{}]+)`, 'g'))].map(
      (m) => ({ file, value: `${m[1]}:${m[2]!.trim()}` }),
    ),
  );
}

describe('one set of type and spacing tokens', () => {
  it('every font size is a token of tokens.css (six sizes, none under 12 px)', () => {
    const sizes = declarations(/font-size/);
    expect(sizes.length).toBeGreaterThan(20);
    expect(sizes.filter((d) => !/^font-size:(var\(--font-(xs|sm|md|lg|xl|2xl)\)|inherit|1em)$/.test(d.value))).toEqual(
      [],
    );
    const tokens = fs.readFileSync('renderer/src/styles/tokens.css', 'utf8');
    const px = [...tokens.matchAll(/--font-[a-z0-9]+:\s*([0-9.]+)px/g)].map((m) => Number(m[1]));
    expect(px).toHaveLength(6);
    expect(Math.min(...px)).toBeGreaterThanOrEqual(12);
  });

  it('padding, margin and gap use the spacing scale: no raw pixels but hairlines', () => {
    const spacings = declarations(/(?:padding|margin|gap|row-gap|column-gap)(?:-[a-z]+)*/);
    expect(spacings.length).toBeGreaterThan(100);
    expect(
      spacings.filter((d) => /(?<![\w.-])(?!1px|0px)[0-9.]+px/.test(d.value)).map((d) => `${d.file}: ${d.value}`),
    ).toEqual([]);
  });
});
