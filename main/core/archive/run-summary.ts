import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import writeFileAtomic from 'write-file-atomic';
import type { BackupOutcome } from '../backup/pipeline';
import { TOOL_VERSION } from '../version';

/** Folder inside the archive where run summaries are written. */
export const REPORTS_FOLDER = 'reports';

/** One row of a run summary. */
export interface SummaryRow {
  name: string;
  outcome: BackupOutcome;
}

/**
 * Writes a run's summary as JSON and CSV into `<archive>/reports/` and returns both paths. CSV cells are
 * neutralised so a spreadsheet never runs a formula a controller name smuggled in.
 */
export async function writeRunSummary(archiveRoot: string, title: string, rows: SummaryRow[]): Promise<{ json: string; csv: string }> {
  const folder = path.join(archiveRoot, REPORTS_FOLDER);
  await fs.mkdir(folder, { recursive: true });
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const base = path.join(folder, `${stamp}-${title.replace(/[^A-Za-z0-9_-]+/g, '-')}`);
  const json = {
    title,
    tool: { name: 'eclypse-field-backup', version: TOOL_VERSION },
    laptop: os.hostname(),
    createdAt: new Date().toISOString(),
    totals: {
      controllers: rows.length,
      succeeded: rows.filter((r) => r.outcome.status === 'succeeded').length,
      failed: rows.filter((r) => r.outcome.status === 'failed').length,
      cancelled: rows.filter((r) => r.outcome.status === 'cancelled').length,
    },
    controllers: rows.map(({ name, outcome }) => ({ name, ...outcome })),
  };
  const header = ['name', 'host', 'port', 'model', 'firmware', 'api_revision', 'fingerprint', 'status', 'file', 'bytes', 'sha256', 'compatibility', 'error_code', 'error'];
  const lines = rows.map(({ name, outcome: o }) =>
    [
      name,
      o.device?.host ?? '',
      o.device?.port ?? '',
      o.device?.modelName ?? '',
      o.device?.softwareVersion ?? '',
      o.device?.apiRevision ?? '',
      o.device?.fingerprint ?? '',
      o.status,
      o.backup?.file ?? '',
      o.backup?.bytes ?? '',
      o.backup?.sha256 ?? '',
      o.backup?.compatibility ?? '',
      o.error?.code ?? '',
      o.error?.message ?? '',
    ].map(csvCell).join(','),
  );
  await writeFileAtomic(`${base}.json`, `${JSON.stringify(json, null, 2)}\n`, { fsync: true });
  await writeFileAtomic(`${base}.csv`, `${[header.join(','), ...lines].join('\r\n')}\r\n`, { fsync: true });
  return { json: `${base}.json`, csv: `${base}.csv` };
}

/** Quotes a CSV cell and defuses spreadsheet formulas (=, +, -, @, tab, CR at the start). */
export function csvCell(value: unknown): string {
  let s = String(value ?? '');
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n']/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
