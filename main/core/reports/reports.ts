import path from 'node:path';
import { prepareArchiveFolder, writePrivateFile } from '../archive/private-files';
import type { ControllerRunResult, RunRecord, RunReportFiles } from '../../../shared/run-record';
import { REPORTS_FOLDER, safeSegment } from '../archive/layout';
import { renderRunReportHtml } from './report-html';
import { csvCell } from '../archive/csv-cell';
import type { Locale } from '../../../shared/locale';

/** Columns of the run CSV, in order; scripts and spreadsheets rely on them. */
export const RUN_CSV_COLUMNS = [
  'site',
  'name',
  'host',
  'port',
  'model',
  'firmware',
  'api_revision',
  'fingerprint',
  'status',
  'verdict',
  'verdict_reason',
  'attempts',
  'file',
  'bytes',
  'sha256',
  'compatibility',
  'error_code',
  'error_message',
  'warnings',
] as const;

/**
 * Writes a run's reports into `<archive>/reports/` as `<YYYY-MM-DD_HHMMSS>_<runId>.{html,csv,json}` (the
 * start time in UTC, so names sort in run order across time zones and clock changes), each atomically
 * (temp + fsync + rename). Writing the same run again replaces its reports with the newer state.
 */
export async function writeRunReports(
  archiveRoot: string,
  run: RunRecord,
  options: { locale?: Locale } = {},
): Promise<RunReportFiles> {
  const folder = path.join(path.resolve(archiveRoot), REPORTS_FOLDER);
  await prepareArchiveFolder(archiveRoot, folder);
  const base = path.join(folder, runReportBaseName(run));
  const files: RunReportFiles = { html: `${base}.html`, csv: `${base}.csv`, json: `${base}.json` };
  await writePrivateFile(files.json, `${JSON.stringify(run, null, 2)}\n`);
  await writePrivateFile(files.csv, runCsv(run, archiveRoot));
  await writePrivateFile(files.html, renderRunReportHtml(run, { archiveRoot, locale: options.locale ?? 'en' }));
  return files;
}

/** `<startedAt as YYYY-MM-DD_HHMMSS UTC>_<runId>`, safe as a file name on every platform. */
export function runReportBaseName(run: RunRecord): string {
  const started = new Date(run.startedAt);
  const iso = Number.isNaN(started.getTime()) ? '0000-00-00T00:00:00' : started.toISOString();
  const stamp = `${iso.slice(0, 10)}_${iso.slice(11, 19).replace(/:/g, '')}`;
  return `${stamp}_${safeSegment(run.runId, 'run')}`;
}

/**
 * The run as CSV: a header, then one row per controller, every cell through csvCell so a spreadsheet never
 * runs a formula a controller smuggled into its name. Starts with a UTF-8 BOM: without it, Excel on Windows
 * reads the file as ANSI and mangles accented site names.
 */
function runCsv(run: RunRecord, archiveRoot?: string): string {
  const lines = [
    RUN_CSV_COLUMNS.map(csvCell).join(','),
    ...run.results.map((r) => csvRow(r, archiveRoot).map(csvCell).join(',')),
  ];
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

function csvRow(r: ControllerRunResult, archiveRoot: string | undefined): unknown[] {
  const d = r.device;
  const b = r.backup;
  return [
    r.site ?? '',
    r.name,
    r.host,
    r.port,
    d?.modelName ?? '',
    d?.softwareVersion ?? '',
    d ? (d.api === 'v2' ? 'v2' : d.apiRevision) : '',
    d?.fingerprint ?? '',
    r.status,
    r.verdict,
    r.verdictReason ?? '',
    r.attempts,
    csvFile(b?.file ?? null, archiveRoot),
    b?.bytes ?? '',
    b?.sha256 ?? '',
    b?.compatibility ?? '',
    r.error?.code ?? '',
    r.error?.message ?? '',
    // Several warnings in one cell, one per line: a spreadsheet shows them wrapped.
    (r.warnings ?? []).join('\n'),
  ];
}

/** Relative to the archive when inside it: the CSV is handed to a customer, not read on this laptop only. */
function csvFile(file: string | null, archiveRoot: string | undefined): string {
  if (!file) return '';
  if (!archiveRoot) return file;
  const rel = path.relative(path.resolve(archiveRoot), file);
  return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : file;
}
