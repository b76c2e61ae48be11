import type { Locale } from '../../shared/locale';
import type { CsvProblem } from '../../shared/inventory';
import { cliWords } from './language';

/** "line 3, column host: …" in the language in force (the reason is the CSV reader's own sentence). */
export function csvProblemLine(p: CsvProblem, locale?: Locale): string {
  const w = cliWords(locale);
  return p.column
    ? w('cli.csv.problem-column', { line: String(p.line), column: p.column, reason: p.reason })
    : w('cli.csv.problem', { line: String(p.line), reason: p.reason });
}
