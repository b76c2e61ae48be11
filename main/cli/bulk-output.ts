import type { ControllerRunResult, RunRecord, RunReportFiles } from '../../shared/run-record';
import type { PreflightReport } from '../../shared/preflight';
import { englishHint, isErrorCode } from '../../shared/errors';
import { runOutcome } from '../../shared/words';
import { cliWords } from './language';
import { backupJson } from './output';
import { terminalJson, terminalLines, terminalText } from './terminal-text';

/** The documented `bulk --json` object: scripts depend on it, so it is built field by field. */
export function runJson(record: RunRecord, reports: RunReportFiles): Record<string, unknown> {
  return {
    runId: record.runId,
    summary: {
      total: record.totals.total,
      succeeded: record.totals.succeeded,
      failed: record.totals.failed,
      cancelled: record.totals.cancelled,
    },
    results: record.results.map((r) => {
      const single = backupJson({
        status: r.status === 'succeeded' ? 'succeeded' : r.status === 'cancelled' ? 'cancelled' : 'failed',
        device: r.device,
        backup: r.backup,
        error: r.error,
      });
      return {
        name: r.name,
        host: r.host,
        port: r.port,
        status: r.status,
        verdict: r.verdict,
        attempts: r.attempts,
        device: single.device,
        backup: single.backup,
        error: single.error,
      };
    }),
    reports: { html: reports.html, csv: reports.csv, json: reports.json },
  };
}

/** The end of a run for a person: totals, verdicts, failures grouped by cause with what to do, report paths. */
export function printRunSummary(
  record: RunRecord,
  reports: RunReportFiles,
  out: NodeJS.WritableStream = process.stdout,
  resumable = true,
): void {
  const t = record.totals;
  const w = cliWords();
  const seconds = record.finishedAt ? (Date.parse(record.finishedAt) - Date.parse(record.startedAt)) / 1000 : 0;
  const [ready, warning, notReady] = [w('cli.run.ready'), w('cli.run.warning'), w('cli.run.not-ready')];
  const width = Math.max(ready.length, warning.length, notReady.length) + 2;
  const lines = [
    '',
    w('cli.run.summary', {
      runId: record.runId,
      done: t.succeeded,
      total: t.total,
      bytes: w.bytes(t.bytes),
      duration: w.duration(seconds),
    }),
    `  ✓ ${ready.padEnd(width)}${t.ready}`,
    `  ⚠ ${warning.padEnd(width)}${t.readyWithWarning}`,
    `  ✗ ${notReady.padEnd(width)}${t.notReady}`,
  ];
  const warned = record.results.filter((r) => r.verdict === 'ready-with-warning');
  const said = (name: string, text: string | null): string =>
    terminalText(w('cli.run.line', { name: terminalText(name, 80), text: terminalText(text) }));
  const notes = record.results.flatMap((r) => (r.warnings ?? []).map((x) => `  ⚠ ${said(r.name, w.warning(x))}`));
  if (warned.length > 0 || notes.length > 0) {
    lines.push(
      '',
      w('cli.run.warnings'),
      ...warned.map((r) => `  ⚠ ${said(r.name, w.reason(r.verdictReason))}`),
      ...notes,
    );
  }
  // Saved but not restorable: not a failure, not ready either (the same reading as the app and the report).
  const savedNotReady = record.results.filter((r) => runOutcome(r.status, r.verdict) === 'saved-not-ready');
  if (savedNotReady.length > 0)
    lines.push(
      '',
      w('cli.run.saved-not-ready'),
      ...savedNotReady.map((r) => `  ✗ ${said(r.name, w.reason(r.verdictReason))}`),
    );
  const groups = groupFailures(record.results);
  if (groups.length > 0) {
    lines.push('', w('cli.run.by-cause'));
    for (const [code, rs] of groups) {
      lines.push(
        terminalText(
          `  ${w('cli.run.cause', { code, count: rs.length, names: rs.map((r) => terminalText(r.name, 80)).join(', ') })}`,
        ),
      );
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
export function printPreflight(
  report: PreflightReport,
  json: boolean,
  out: NodeJS.WritableStream = process.stdout,
): void {
  if (json) {
    out.write(
      `${terminalJson({ dryRun: true, verdict: report.verdict, summary: report.summary, freeBytes: report.freeBytes, estimatedBytes: report.estimatedBytes, controllers: report.rows })}\n`,
    );
    return;
  }
  const w = cliWords();
  const header = [
    '',
    w('cli.preflight.controller'),
    w('cli.preflight.address'),
    w('cli.preflight.certificate'),
    w('cli.preflight.login'),
    'API',
    w('cli.preflight.model'),
    w('cli.preflight.firmware'),
    w('cli.preflight.last-size'),
  ];
  const rows = report.rows.map((r) =>
    [
      r.verdict === 'ready' ? '✓' : r.verdict === 'warning' ? '⚠' : '✗',
      r.name,
      `${r.host}:${r.port}`,
      r.certificate ? certificateWords(r.certificate.state) : r.reachable ? '?' : w('cli.preflight.unreachable'),
      loginWords(r.login),
      r.api === 'v2' ? 'v2' : (r.apiRevision ?? ''),
      r.modelName ?? '',
      r.softwareVersion ?? '',
      r.estimatedBytes === null ? '' : w.bytes(r.estimatedBytes),
    ].map((cell) => terminalText(cell, 100)),
  );
  const widths = header.map((h, i) => Math.min(28, Math.max(h.length, ...rows.map((row) => (row[i] ?? '').length))));
  const fmt = (cells: string[]): string =>
    cells
      .map((c, i) => c.slice(0, widths[i]).padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  const lines = [fmt(header), ...rows.map(fmt)];
  const reasons = report.rows
    .filter((r) => r.reasons.length > 0)
    .flatMap((r) =>
      r.reasons.map((why) =>
        terminalText(
          `  ${w('cli.run.line', { name: terminalText(r.name, 80), text: terminalText(preflightReasonWords(why)) })}`,
        ),
      ),
    );
  if (reasons.length > 0) lines.push('', ...reasons);
  const free = report.freeBytes === null ? w('cli.preflight.unknown') : w.bytes(report.freeBytes);
  lines.push('', w('cli.preflight.space', { free, expected: w.bytes(report.estimatedBytes) }));
  const counted = report.rows.reduce(
    (n, r) => ({ ...n, [r.verdict]: (n[r.verdict] ?? 0) + 1 }),
    {} as Record<string, number>,
  );
  const summary =
    w.locale === 'en'
      ? report.summary
      : w('cli.preflight.summary', {
          ready: counted.ready ?? 0,
          warning: counted.warning ?? 0,
          blocked: counted.blocked ?? 0,
        });
  lines.push(w('cli.preflight.verdict', { verdict: w(`cli.preflight.verdict.${report.verdict}`), summary }), '');
  out.write(terminalLines(lines.join('\n')));
}

/** A certificate's state in a pre-flight row (the core's word in English, as scripts and tests read it). */
function certificateWords(state: string): string {
  const w = cliWords();
  return w.locale === 'en' || !['pinned', 'unknown', 'changed'].includes(state)
    ? state
    : w(`cli.preflight.cert.${state as 'pinned' | 'unknown' | 'changed'}`);
}

/** A login check's result in a pre-flight row. */
function loginWords(login: string): string {
  const w = cliWords();
  return w.locale === 'en' || !['ok', 'failed', 'not-tried'].includes(login)
    ? login
    : w(`cli.preflight.login.${login as 'ok' | 'failed' | 'not-tried'}`);
}

/** A pre-flight reason the core wrote in English, said in the language in force. */
function preflightReasonWords(why: string): string {
  const w = cliWords();
  if (w.locale === 'en') return why;
  const changed = /^Certificate changed \(pinned (\S+), now (\S+)\)\.$/.exec(why);
  if (changed) return w('cli.preflight.reason.changed', { pinned: changed[1] ?? '', now: changed[2] ?? '' });
  if (why.startsWith('Certificate not trusted yet')) return w('cli.preflight.reason.untrusted');
  if (why.startsWith('Certificate expired')) return w('cli.preflight.reason.expired');
  const firstTime = /^Not trusted yet \(fingerprint (\S+)\); no password was sent/.exec(why);
  if (firstTime) return w('cli.preflight.reason.first-time', { fingerprint: firstTime[1] ?? '' });
  const coded = /^([A-Z_]+): /.exec(why);
  if (coded?.[1]) return w.failure(coded[1], why.slice(coded[0].length));
  return w.warning(why);
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
