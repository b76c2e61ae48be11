import { parse } from '@formatjs/icu-messageformat-parser';
import { createIntl } from '@formatjs/intl';
import { describe, expect, it } from 'vitest';
import { APP_MESSAGES } from '../../shared/messages/app';
import { LOCALES } from '../../shared/locale';

/** A node of a parsed ICU message, as far as this test reads it. */
interface Node {
  type: number;
  value?: string;
  options?: Record<string, { value: Node[] }>;
  children?: Node[];
}

/** The names of the values a message takes ({name}, {count, plural, …}), and its tags (<b>…</b>), from its syntax tree. */
function placeholders(message: string): string[] {
  const out = new Set<string>();
  const walk = (nodes: Node[]): void => {
    for (const n of nodes) {
      // 0 literal, 7 pound (#): no name. 8 is a tag; every other kind is an argument.
      if (n.type === 8) out.add(`<${n.value}>`);
      else if (n.type !== 0 && n.type !== 7 && n.value) out.add(n.value);
      for (const o of Object.values(n.options ?? {})) walk(o.value);
      walk(n.children ?? []);
    }
  };
  walk(parse(message) as unknown as Node[]);
  return [...out].sort();
}

describe('the catalogues', () => {
  for (const locale of LOCALES) {
    it(`${locale}: every message parses and formats, none is empty`, () => {
      const errors: string[] = [];
      const messages = APP_MESSAGES[locale];
      const intl = createIntl({ locale, messages, onError: (e) => errors.push(e.message) });
      for (const [key, message] of Object.entries(messages)) {
        expect(message.trim(), key).not.toBe('');
        const values: Record<string, unknown> = {};
        for (const p of placeholders(message)) {
          if (p.startsWith('<')) values[p.slice(1, -1)] = (chunks: unknown[]) => chunks.join('');
          else values[p] = 2;
        }
        intl.formatMessage({ id: key }, values as never);
      }
      expect(errors).toEqual([]);
    });
  }

  it('French says with the same values what English says, for every key (no value dropped or invented)', () => {
    const en = APP_MESSAGES.en;
    const fr = APP_MESSAGES['fr-CA'];
    expect(Object.keys(fr).sort()).toEqual(Object.keys(en).sort());
    const differing = Object.keys(en).filter(
      (k) => placeholders(en[k as keyof typeof en]).join() !== placeholders(fr[k as keyof typeof fr]).join(),
    );
    expect(differing).toEqual([]);
  });

  it('French is translated: no message left as the English one, but names and symbols that are the same in both', () => {
    const SAME = new Set([
      'app.name',
      'common.dash',
      'common.actions',
      'wizard.address.port',
      'wizard.address.site',
      'form.port',
      'form.site',
      'form.notes',
      'board.filter.site',
      'nav.archive',
      'archive.title',
      'compare.between',
      'settings.language.en',
      'settings.language.fr-CA',
      'board.col.cert',
      'limits.unit.minutes',
      'archive.col.verdict',
      'check.col.verdict',
      'run.details.address',
      'wizard.step.certificate',
      'wizard.cert.certificate',
      'history.sites',
      'history.caption',
      'board.col.address',
      'common.sites',
    ]);
    const en = APP_MESSAGES.en;
    const fr = APP_MESSAGES['fr-CA'];
    const untranslated = Object.keys(en).filter(
      (k) => en[k as keyof typeof en] === fr[k as keyof typeof fr] && !SAME.has(k),
    );
    expect(untranslated).toEqual([]);
  });
});
