import { parse } from '@formatjs/icu-messageformat-parser';

interface Node {
  type: number;
  value?: string;
  options?: Record<string, { value: Node[] }>;
  children?: Node[];
}

/** The literal words of a message (every branch of its plurals and selects), without its values. */
function literals(message: string): string[] {
  const out: string[] = [];
  const walk = (nodes: Node[]): void => {
    for (const n of nodes) {
      if (n.type === 0 && n.value) out.push(...n.value.split(/[\n]/));
      for (const o of Object.values(n.options ?? {})) walk(o.value);
      walk(n.children ?? []);
    }
  };
  walk(parse(message) as unknown as Node[]);
  return out.map((s) => s.trim()).filter(Boolean);
}

/**
 * What an English screen or terminal says that a French one must not: every run of words of the English
 * catalogue (a fragment of at least 8 characters with a space in it) that the French message of the same key
 * does not say. (A French message left equal to the English one is caught by test/unit/catalogues.test.ts.)
 */
export function englishOnlyRuns(en: Record<string, string>, fr: Record<string, string>): string[] {
  const fragments = new Set<string>();
  for (const [key, message] of Object.entries(en)) {
    const french = fr[key] ?? '';
    for (const f of literals(message))
      if (f.length >= 8 && /[a-z] [a-z]/i.test(f) && !french.includes(f)) fragments.add(f);
  }
  return [...fragments];
}
