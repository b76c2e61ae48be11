import type { ControllerRunResult, RunRecord, RunReportFiles } from '../../shared/run-record';
import type { PreflightReport } from '../../shared/preflight';
import { englishHint, isErrorCode } from '../../shared/errors';
import { runOutcome } from '../../shared/words';
import { cliWords } from './language';
import { formatDuration } from './bulk-view';
import { backupJson } from './output';
import { formatBytes } from './progress-line';
import { terminalJson, terminalLines, terminalText } from './terminal-text';

/** The documented `bulk --json` object: scripts depend on it, so it is built field by field. */
export function runJson(record: RunRecord, reports: RunReportFiles): Record<string, unknown> {
  return {
    runId: record.runId,
    summary: { total: record.totals.total, succeeded: record.totals.succeeded, failed: record.totals.failed, cancelled: record.totals.cancelled },
    results: record.results.map((r) => {
      const single = backupJson({ status: r.status === 'succeeded' ? 'succeeded' : r.status === 'cancelled' ? 'cancelled' : 'failed', device: r.device, backup: r.backup, error: r.error });
      return { name: r.name, host: r.host, port: r.port, status: r.status, verdict: r.verdict, attempts: r.attempts, device: single.device, backup: single.backup, error: single.error };
    }),
    reports: { html: reports.html, csv: reports.csv, json: reports.json },
  };
}

/** The end of a run for a person: totals, verdicts, failures grouped by cause with what to do, report paths. */
export function printRunSummary(record: RunRecord, reports: RunReportFiles, out: NodeJS.WritableStream = process.stdout, resumable = true): void {
  const t = record.totals;
  const w = cliWords();
  const seconds = record.finishedAt ? (Date.parse(record.finishedAt) - Date.parse(record.startedAt)) / 1000 : 0;
  const [ready, warning, notReady] = [w('cli.run.ready'), w('cli.run.warning'), w('cli.run.not-ready')];
  const width = Math.max(ready.length, warning.length, notReady.length) + 2;
  const lines = [
    '',
    w('cli.run.summary', { runId: record.runId, done: t.succeeded, total: t.total, bytes: formatBytes(t.bytes, w.locale), duration: formatDuration(seconds) }),
    `  ✓ ${ready.padEnd(width)}${t.ready}`,
    `  ⚠ ${warning.padEnd(width)}${t.readyWithWarning}`,
    `  ✗ ${notReady.padEnd(width)}${t.notReady}`,
  ];
  const warned = record.results.filter((r) => r.verdict === 'ready-with-warning');
  const notes = record.results.flatMap((r) => (r.warnings ?? []).map((w) => terminalText(`  ⚠ ${terminalText(r.name, 80)}: ${terminalText(w)}`)));
  if (warned.length > 0 || notes.length > 0) {
    lines.push('', w('cli.run.warnings'), ...warned.map((r) => terminalText(`  ⚠ ${terminalText(r.name, 80)}: ${terminalText(r.verdictReason)}`)), ...notes);
  }
  // Saved but not restorable: not a failure, not ready either (the same reading as the app and the report).
  const savedNotReady = record.results.filter((r) => runOutcome(r.status, r.verdict) === 'saved-not-ready');
  if (savedNotReady.length > 0) lines.push('', w('cli.run.saved-not-ready'), ...savedNotReady.map((r) => terminalText(`  ✗ ${terminalText(r.name, 80)}: ${terminalText(r.verdictReason)}`)));
  const groups = groupFailures(record.results);
  if (groups.length > 0) {
    lines.push('', w('cli.run.by-cause'));
    for (const [code, rs] of groups) {
      lines.push(terminalText(`  ${code} (${rs.length}): ${rs.map((r) => terminalText(r.name, 80)).join(', ')}`));
      if (isErrorCode(code)) lines.push(`    → ${w.hint(code, englishHint(code))}`);
    }
    if (resumable) lines.push('', w('cli.run.resume', { runId: record.runId }));
  }
  const report = w('cli.run.report');
  const pad = ' '.repeat(report.length + 1);
  lines.push('', `${report} ${reports.html}`, `${pad}${reports.csv}`, `${pad}${reports.json}`, '');
  // Names come from the inventory, reasons and compatibility from the controllers.
  out.write(terminalLines(lines.join('\n')));
}

/** Pre-flight as a table (or one JSON object), with the run's verdict. */
export function printPreflight(report: PreflightReport, json: boolean, out: NodeJS.WritableStream = process.stdout): void {
  if (json) {
    out.write(`${terminalJson({ dryRun: true, verdict: report.verdict, summary: report.summary, freeBytes: report.freeBytes, estimatedBytes: report.estimatedBytes, controllers: report.rows })}\n`);
    return;
  }
  const header = ['', 'controller', 'address', 'certificate', 'login', 'API', 'model', 'firmware', 'last size'];
  const rows = report.rows.map((r) => [
    r.verdict === 'ready' ? '✓' : r.verdict === 'warning' ? '⚠' : '✗',
    r.name,
    `${r.host}:${r.port}`,
    r.certificate ? r.certificate.state : r.reachable ? '?' : 'unreachable',
    r.login,
    r.api === 'v2' ? 'v2' : r.apiRevision ?? '',
    r.modelName ?? '',
    r.softwareVersion ?? '',
    r.estimatedBytes === null ? '' : formatBytes(r.estimatedBytes),
  ].map((cell) => terminalText(cell, 100)));
  const widths = header.map((h, i) => Math.min(28, Math.max(h.length, ...rows.map((row) => (row[i] ?? '').length))));
  const fmt = (cells: string[]): string => cells.map((c, i) => c.slice(0, widths[i]).padEnd(widths[i] ?? 0)).join('  ').trimEnd();
  const lines = [fmt(header), ...rows.map(fmt)];
  const reasons = report.rows.filter((r) => r.reasons.length > 0).flatMap((r) => r.reasons.map((why) => terminalText(`  ${terminalText(r.name, 80)}: ${terminalText(why)}`)));
  if (reasons.length > 0) lines.push('', ...reasons);
  const free = report.freeBytes === null ? 'unknown' : formatBytes(report.freeBytes);
  lines.push('', `Free space for the archive: ${free}; expected size of the backups: ${formatBytes(report.estimatedBytes)}.`);
  lines.push(`Pre-flight: ${report.verdict.toUpperCase()} — ${report.summary}. Nothing was created on any controller.`, '');
  out.write(terminalLines(lines.join('\n')));
}

function groupFailures(results: ControllerRunResult[]): Array<[string, ControllerRunResult[]]> {
  const groups = new Map<string, ControllerRunResult[]>();
  for (const r of results) {
    if (r.status === 'succeeded') continue;
    const code = r.error?.code ?? r.status.toUpperCase();
    groups.set(code, [...(groups.get(code) ?? []), r]);
  }
  return [...groups].sort((a, b) => b[1].length - a[1].length);
}
