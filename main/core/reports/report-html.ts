import path from 'node:path';
import type { ControllerRunResult, RunRecord } from '../../../shared/run-record';
import { runOutcome, type Verdict } from '../../../shared/words';
import { isErrorCode } from '../../../shared/errors';
import { formatBytes } from '../units';
import type { Locale } from '../../../shared/locale';
import { reportWords, type ReportWords } from './report-words';
import { backupWarningWords, verdictReasonWords } from '../../../shared/warnings';

/** Escapes text for HTML element content and quoted attributes (& < > " '). */
export function escapeHtml(value: unknown): string {
  return String(value ?? '').replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Icon of each verdict; its words come from the catalogue: the icon is never the only carrier of meaning. */
const VERDICT_ICONS: Record<Verdict, string> = { ready: '✓', 'ready-with-warning': '⚠', 'not-ready': '✗' };

/** A verdict's icon and words in the report's language. */
function verdictLabel(verdict: Verdict, w: ReportWords): string {
  return `${VERDICT_ICONS[verdict] ?? VERDICT_ICONS['not-ready']} ${w.text(`verdict.${verdict in VERDICT_ICONS ? verdict : 'not-ready'}`)}`;
}

/** A code's hint in the report's language (the catalogue's; a code the catalogue lacks keeps the recorded one). */
function hintOf(code: string, recorded: string, w: ReportWords): string {
  return isErrorCode(code) ? w.text(`error.${code}.hint`) : recorded;
}

const DASH = '—';

/** Options of the rendering; `now` is injectable so a test gets the same page twice. */
export interface ReportHtmlOptions {
  /** Archive folder, so file paths are shown relative to it (the report travels without the laptop). */
  archiveRoot?: string;
  now?: Date;
  /** The report's language (its reader's, chosen per run): English by default. */
  locale?: Locale;
}

/** Renders a run as one self-contained HTML page: no script, no external asset, every value escaped. */
export function renderRunReportHtml(run: RunRecord, options: ReportHtmlOptions = {}): string {
  const w = reportWords(options.locale ?? 'en');
  const results = [...run.results].sort(byController);
  const sites = reportSites(run, w);
  const title = w.text('report.title', { sites: sites.join(', ') });
  return [
    '<!DOCTYPE html>',
    `<html lang="${w.locale}">`,
    '<head>',
    '<meta charset="utf-8">',
    // Defence in depth behind the escaping: even a value that slipped through could run nothing and load nothing.
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="color-scheme" content="light dark">',
    `<title>${escapeHtml(title)}</title>`,
    `<style>${REPORT_CSS}</style>`,
    '</head>',
    '<body>',
    header(run, title, w),
    banners(run, w),
    totalsSection(results, w),
    failuresSection(results, w),
    savedNotReadySection(results, w),
    warningsSection(results, w),
    controllersSection(results, options.archiveRoot, w),
    footer(run, options.now ?? new Date(), w),
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

function reportSites(run: RunRecord, w: ReportWords): string[] {
  const fromResults = [...new Set(run.results.map((r) => r.site ?? w.text('report.unassigned')))];
  const sites = run.sites.length > 0 ? run.sites : fromResults;
  return sites.length > 0 ? sites : [w.text('report.unassigned')];
}

function byController(a: ControllerRunResult, b: ControllerRunResult): number {
  const collate = (x: string, y: string): number => x.localeCompare(y, 'en', { numeric: true, sensitivity: 'base' });
  return collate(a.site ?? '', b.site ?? '') || collate(a.name, b.name) || collate(a.controllerId, b.controllerId);
}

function header(run: RunRecord, title: string, w: ReportWords): string {
  const o = run.options;
  const types = w.text('report.meta.types');
  const meta: Array<[string, string]> = [
    [w.text('report.meta.technician'), run.technician],
    [w.text('report.meta.laptop'), run.laptop],
    [w.text('report.meta.tool'), `ECLYPSE Field Backup ${run.toolVersion}`],
    [w.text('report.meta.started'), formatTime(run.startedAt)],
    [w.text('report.meta.finished'), run.finishedAt ? formatTime(run.finishedAt) : w.text('report.meta.not-finished')],
    [w.text('report.meta.duration'), run.finishedAt ? formatDuration(run.startedAt, run.finishedAt) : DASH],
    [
      w.text('report.meta.target'),
      o.target === 'UsbKey' ? w.text('report.meta.target.usb') : w.text('report.meta.target.device'),
    ],
    [w.text('report.meta.run'), run.runId],
    // Last and full width: thirteen long type names do not fit a grid cell.
    [types, o.dataTypes.length > 0 ? o.dataTypes.join(', ') : DASH],
  ];
  const items = meta
    .map(
      ([k, v]) => `<div${k === types ? ' class="wide"' : ''}><dt>${escapeHtml(k)}</dt><dd>${escapeHtml(v)}</dd></div>`,
    )
    .join('');
  return [
    '<header>',
    `<h1>${escapeHtml(title)}</h1>`,
    `<p class="sub">${escapeHtml(w.text('report.lead'))}</p>`,
    `<dl class="meta">${items}</dl>`,
    '</header>',
  ].join('\n');
}

function banners(run: RunRecord, w: ReportWords): string {
  const out: string[] = [];
  const open = run.results.filter((r) => r.status === 'pending' || r.status === 'running').length;
  if (open > 0 || run.finishedAt === null)
    out.push(`<p class="banner">${w.html('report.not-finished', { count: open }, escapeHtml)}</p>`);
  return out.join('\n');
}

function totalsSection(results: ControllerRunResult[], w: ReportWords): string {
  // Counted from the rows themselves, so the totals can never disagree with the table below.
  const count = (v: Verdict): number => results.filter((r) => r.verdict === v).length;
  const bytes = results.reduce((sum, r) => sum + (r.status === 'succeeded' ? (r.backup?.bytes ?? 0) : 0), 0);
  const card = (cls: string, value: string, label: string): string =>
    `<div class="total ${cls}"><b>${escapeHtml(value)}</b><span>${escapeHtml(label)}</span></div>`;
  return [
    `<section aria-label="${escapeHtml(w.text('report.totals'))}"><div class="totals">`,
    card('', String(results.length), w.text('report.total.controllers')),
    card('ok', String(count('ready')), verdictLabel('ready', w)),
    card('warn', String(count('ready-with-warning')), verdictLabel('ready-with-warning', w)),
    card('bad', String(count('not-ready')), verdictLabel('not-ready', w)),
    card('', formatBytes(bytes, w.locale), w.text('report.total.backed-up')),
    '</div></section>',
  ].join('\n');
}

interface CauseGroup {
  code: string;
  hint: string;
  members: ControllerRunResult[];
}

/**
 * Controllers NOT backed up, grouped by error code (those without an error in a group of their own). A backup
 * saved but not restorable is not a failure: it has its own section, as the Bulk run screen shows it
 * (shared/words.ts runOutcome is the one reading of both).
 */
function failureGroups(results: ControllerRunResult[], w: ReportWords): CauseGroup[] {
  const groups = new Map<string, CauseGroup>();
  for (const r of results) {
    if (runOutcome(r.status, r.verdict) !== 'not-backed-up') continue;
    const code = r.error?.code ?? 'NOT_READY';
    const hint = r.error ? hintOf(r.error.code, r.error.hint, w) : w.text('report.no-error-recorded');
    const group = groups.get(code) ?? { code, hint, members: [] };
    group.members.push(r);
    groups.set(code, group);
  }
  return [...groups.values()].sort((a, b) => b.members.length - a.members.length || a.code.localeCompare(b.code));
}

function failuresSection(results: ControllerRunResult[], w: ReportWords): string {
  const groups = failureGroups(results, w);
  const title = `<h2>${escapeHtml(w.text('report.failures'))}</h2>`;
  if (groups.length === 0) return `${title}\n<p>${escapeHtml(w.text('report.no-failures'))}</p>`;
  const blocks = groups.map((g) => {
    const items = g.members
      .map((r) => {
        const why = r.error?.message ?? r.verdictReason ?? w.text(`report.status.${r.status}`);
        return `<li><strong>${escapeHtml(r.name)}</strong> <span class="muted">(${escapeHtml(address(r))})</span> — ${escapeHtml(why)}${fingerprintsOf(r, w)}</li>`;
      })
      .join('');
    return [
      `<section class="cause"><h3><span class="mono err-code">${escapeHtml(g.code)}</span> · ${escapeHtml(w.text('report.controllers-count', { count: g.members.length }))}</h3>`,
      `<p>${escapeHtml(g.hint)}</p><ul>${items}</ul></section>`,
    ].join('');
  });
  return [title, ...blocks].join('\n');
}

/** Backed up and verified, but not safe to upgrade (the controller says it cannot restore it): said apart. */
function savedNotReadySection(results: ControllerRunResult[], w: ReportWords): string {
  const saved = results.filter((r) => runOutcome(r.status, r.verdict) === 'saved-not-ready');
  if (saved.length === 0) return '';
  const items = saved
    .map(
      (r) =>
        `<li><strong>${escapeHtml(r.name)}</strong> <span class="muted">(${escapeHtml(address(r))})</span> — ${escapeHtml(r.verdictReason ?? DASH)}</li>`,
    )
    .join('');
  return [
    `<h2>${escapeHtml(w.text('report.saved-not-ready'))}</h2>`,
    `<section class="cause saved"><p>${escapeHtml(w.text('report.saved-not-ready.lead'))}</p><ul>${items}</ul></section>`,
  ].join('\n');
}

function warningsSection(results: ControllerRunResult[], w: ReportWords): string {
  const warned = results.filter((r) => (r.warnings ?? []).length > 0);
  if (warned.length === 0) return '';
  const items = warned
    .map(
      (r) =>
        `<li><strong>${escapeHtml(r.name)}</strong> <span class="muted">(${escapeHtml(address(r))})</span><ul>${(r.warnings ?? []).map((x) => `<li>${escapeHtml(backupWarningWords(x, w.common))}</li>`).join('')}</ul></li>`,
    )
    .join('');
  return [
    `<h2>${escapeHtml(w.text('report.warnings'))}</h2>`,
    `<p>${escapeHtml(w.text('report.warnings.lead'))}</p>`,
    `<ul class="warnings">${items}</ul>`,
  ].join('\n');
}

const COLUMNS = [
  'controller',
  'address',
  'model',
  'firmware',
  'api',
  'fingerprint',
  'status',
  'verdict',
  'file',
  'size',
  'sha',
  'compatibility',
  'error',
] as const;

function controllersSection(results: ControllerRunResult[], archiveRoot: string | undefined, w: ReportWords): string {
  const head = `<thead><tr>${COLUMNS.map((c) => `<th scope="col">${escapeHtml(w.text(`report.col.${c}`))}</th>`).join('')}</tr></thead>`;
  // Several sites: a heading row before each site's controllers (rows are sorted by site).
  const grouped = new Set(results.map((r) => r.site ?? '')).size > 1;
  const rows: string[] = [];
  let site: string | null | undefined;
  for (const r of results) {
    if (grouped && r.site !== site) {
      site = r.site;
      rows.push(
        `<tr class="site-row"><th colspan="${COLUMNS.length}" scope="rowgroup">${escapeHtml(r.site ?? w.text('report.unassigned'))}</th></tr>`,
      );
    }
    rows.push(controllerRow(r, archiveRoot, w));
  }
  return [
    `<h2>${escapeHtml(w.text('report.controllers'))}</h2>`,
    `<table>${head}<tbody>`,
    ...rows,
    '</tbody></table>',
  ].join('\n');
}

function controllerRow(r: ControllerRunResult, archiveRoot: string | undefined, w: ReportWords): string {
  const d = r.device;
  const b = r.backup;
  const api = d ? (d.api === 'v2' ? 'v2' : d.apiRevision) : '';
  const cls = r.verdict === 'not-ready' ? 'not-ready' : r.verdict === 'ready-with-warning' ? 'warning' : 'ready';
  const attempts =
    r.attempts > 1 ? ` <span class="muted">${escapeHtml(w.text('report.attempts', { count: r.attempts }))}</span>` : '';
  const cells = [
    `<td class="name"><strong>${escapeHtml(r.name)}</strong></td>`,
    `<td class="nowrap">${escapeHtml(address(r))}</td>`,
    `<td class="model">${text(d?.modelName)}</td>`,
    `<td>${text(d?.softwareVersion)}</td>`,
    `<td>${text(api)}</td>`,
    `<td class="mono">${breakable(d?.fingerprint, 24)}</td>`,
    `<td>${escapeHtml(r.status in STATUS_KEYS ? w.text(STATUS_KEYS[r.status]) : r.status)}${attempts}</td>`,
    `<td>${verdictBadge(r.verdict, r.verdictReason, w)}</td>`,
    `<td class="file">${fileCell(r, archiveRoot, w)}</td>`,
    `<td class="num">${b?.bytes == null ? DASH : escapeHtml(formatBytes(b.bytes, w.locale))}</td>`,
    `<td class="mono">${breakable(b?.sha256, 16)}</td>`,
    `<td>${b?.compatibility ? wrapAfterSeparators(b.compatibility) : DASH}</td>`,
    `<td class="error">${errorCell(r)}</td>`,
  ];
  return `<tr class="${cls}">${cells.join('')}</tr>`;
}

const STATUS_KEYS = {
  pending: 'report.status.pending',
  running: 'report.status.running',
  succeeded: 'report.status.succeeded',
  failed: 'report.status.failed',
  cancelled: 'report.status.cancelled',
} as const satisfies Record<ControllerRunResult['status'], string>;

/** A verdict as icon + word (+ reason when not plainly ready), in the report's language (English by default). */
function verdictBadge(verdict: Verdict, reason: string | null, w: ReportWords = reportWords('en')): string {
  const known = verdict in VERDICT_ICONS ? verdict : 'not-ready';
  const badge = `<span class="verdict v-${escapeHtml(verdict)}"><span aria-hidden="true">${VERDICT_ICONS[known]}</span> ${escapeHtml(w.text(`verdict.${known}`))}</span>`;
  const why = verdictReasonWords(reason, w.common);
  return verdict !== 'ready' && why ? `${badge}<span class="reason">${escapeHtml(why)}</span>` : badge;
}

function fileCell(r: ControllerRunResult, archiveRoot: string | undefined, w: ReportWords): string {
  const b = r.backup;
  if (!b) return DASH;
  if (b.file === null)
    return `${escapeHtml(w.text('report.on-usb'))} <span class="mono">${escapeHtml(b.deviceFileName)}</span>`;
  const rel = archiveRoot ? path.relative(path.resolve(archiveRoot), b.file) : '';
  const shown = rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : path.basename(b.file);
  return `<span class="mono">${wrapAfterSeparators(shown)}</span>`;
}

/** File names may wrap after `_`, a slash, a backslash or a space: never inside a timestamp or the extension. */
function wrapAfterSeparators(value: string): string {
  return value
    .split(/(?<=[_/\\ ])/)
    .map(escapeHtml)
    .join('<wbr>');
}

function errorCell(r: ControllerRunResult): string {
  const e = r.error;
  return e ? `<span class="mono err-code">${escapeHtml(e.code)}</span> ${escapeHtml(e.message)}` : '';
}

/** For CERT_CHANGED / CERT_UNTRUSTED: both fingerprints, so the technician can compare them with the label. */
function fingerprintsOf(r: ControllerRunResult, w: ReportWords): string {
  const e = r.error;
  const parts: string[] = [];
  if (e?.expectedFingerprint)
    parts.push(
      `<span class="reason">${escapeHtml(w.text('report.pinned'))} <span class="mono">${escapeHtml(e.expectedFingerprint)}</span></span>`,
    );
  if (e?.actualFingerprint)
    parts.push(
      `<span class="reason">${escapeHtml(w.text('report.presented'))} <span class="mono">${escapeHtml(e.actualFingerprint)}</span></span>`,
    );
  return parts.join('');
}

function footer(run: RunRecord, now: Date, w: ReportWords): string {
  return [
    '<footer>',
    `<p>${w.html('report.footer', { version: run.toolVersion, when: formatTime(now.toISOString()) }, escapeHtml)}</p>`,
    '</footer>',
  ].join('\n');
}

function address(r: ControllerRunResult): string {
  return `${r.host}:${r.port}`;
}

function text(value: string | null | undefined): string {
  return value ? escapeHtml(value) : DASH;
}

/** Long hex (SHA-256, fingerprints) may wrap only at block boundaries, and still copies as one string. */
function breakable(value: string | null | undefined, every: number): string {
  if (!value) return DASH;
  const chunks: string[] = [];
  for (let i = 0; i < value.length; i += every) chunks.push(escapeHtml(value.slice(i, i + every)));
  return chunks.join('<wbr>');
}

/** An ISO time as the laptop's local time with its UTC offset: "2025-03-04 10:15:02 (UTC+01:00)". */
function formatTime(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const pad = (n: number): string => String(n).padStart(2, '0');
  const offset = -d.getTimezoneOffset();
  const sign = offset >= 0 ? '+' : '-';
  const abs = Math.abs(offset);
  const date = `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
  return `${date} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())} (UTC${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)})`;
}

function formatDuration(startIso: string, endIso: string): string {
  const ms = new Date(endIso).getTime() - new Date(startIso).getTime();
  if (!Number.isFinite(ms) || ms < 0) return DASH;
  const s = Math.round(ms / 1000);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  if (h > 0) return `${h} h ${String(m).padStart(2, '0')} min`;
  if (m > 0) return `${m} min ${String(sec).padStart(2, '0')} s`;
  return `${sec} s`;
}

// The inline style sheet of a run report. One page that a customer may open on any machine, offline, or print:
// system fonts only, light and dark from the OS, and on paper always light, A4 landscape, header repeated,
// no row cut between pages.
const REPORT_CSS = `
:root {
  color-scheme: light dark;
  --bg: #ffffff; --fg: #1b1f24; --muted: #57606a; --line: #d0d7de; --head: #eef1f4; --card: #f6f8fa; --stripe: #fafbfc;
  --ok: #0f5c26; --ok-bg: #dcf5e3; --warn: #6b4200; --warn-bg: #fff0c2; --bad: #9c0d22; --bad-bg: #ffe3e0;
}
@media (prefers-color-scheme: dark) {
  :root {
    --bg: #0f1318; --fg: #e6edf3; --muted: #a3adb8; --line: #343b44; --head: #1a2029; --card: #161b22; --stripe: #131820;
    --ok: #8ae6ad; --ok-bg: #0f2e1c; --warn: #f5d36b; --warn-bg: #362905; --bad: #ffa19e; --bad-bg: #3d1015;
  }
}
* { box-sizing: border-box; }
body {
  margin: 0; padding: 20px 20px 32px; background: var(--bg); color: var(--fg);
  font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
}
.mono, code { font-family: ui-monospace, "Cascadia Mono", Consolas, "DejaVu Sans Mono", Menlo, monospace; font-size: 12px; }
h1 { font-size: 24px; margin: 0 0 2px; }
h2 { font-size: 17px; margin: 28px 0 10px; padding-bottom: 4px; border-bottom: 1px solid var(--line); break-after: avoid; }
h3 { font-size: 14px; margin: 0 0 4px; }
.sub { color: var(--muted); margin: 0 0 16px; }
.muted { color: var(--muted); }
dl.meta { display: grid; grid-template-columns: repeat(auto-fill, minmax(200px, 1fr)); gap: 8px 24px; margin: 0 0 20px; }
dl.meta dt { color: var(--muted); font-size: 12px; }
dl.meta dd { margin: 0; font-weight: 600; overflow-wrap: anywhere; }
dl.meta .wide { grid-column: 1 / -1; }
.banner { border: 1px solid var(--warn); border-left-width: 5px; background: var(--warn-bg); color: var(--fg); padding: 8px 12px; margin: 0 0 16px; border-radius: 4px; }
.totals { display: flex; flex-wrap: wrap; gap: 12px; margin: 0 0 8px; }
.total { border: 1px solid var(--line); border-radius: 6px; padding: 8px 14px; min-width: 150px; background: var(--card); }
.total b { display: block; font-size: 24px; line-height: 1.2; }
.total span { font-size: 13px; }
.total.ok { border-top: 4px solid var(--ok); }
.total.warn { border-top: 4px solid var(--warn); }
.total.bad { border-top: 4px solid var(--bad); }
.cause { border: 1px solid var(--line); border-left: 5px solid var(--bad); border-radius: 4px; padding: 8px 12px; margin: 0 0 10px; break-inside: avoid; }
.cause p { margin: 0 0 6px; }
.cause ul { margin: 0; padding-left: 20px; }
table { border-collapse: collapse; width: 100%; font-size: 12px; }
thead { display: table-header-group; }
th, td { border-bottom: 1px solid var(--line); padding: 6px 4px; text-align: left; vertical-align: top; overflow-wrap: break-word; }
thead th { background: var(--head); position: sticky; top: 0; font-weight: 600; white-space: nowrap; }
tbody tr:nth-child(even) td { background: var(--stripe); }
tr { break-inside: avoid; page-break-inside: avoid; }
td.num { text-align: right; white-space: nowrap; }
td.nowrap { white-space: nowrap; }
td.name, td.error, .reason { overflow-wrap: anywhere; }
td.name { min-width: 6em; }
td.model { min-width: 6.5em; }
td.error { min-width: 10em; }
tr.site-row th { background: var(--card); font-size: 13px; padding-top: 10px; border-bottom: 2px solid var(--line); break-after: avoid; page-break-after: avoid; }
tr.not-ready td:first-child { box-shadow: inset 4px 0 0 var(--bad); }
tr.warning td:first-child { box-shadow: inset 4px 0 0 var(--warn); }
.verdict { display: inline-block; font-weight: 700; padding: 1px 7px; border-radius: 4px; border: 1px solid currentColor; white-space: nowrap; }
.v-ready { color: var(--ok); background: var(--ok-bg); }
.v-ready-with-warning { color: var(--warn); background: var(--warn-bg); }
.v-not-ready { color: var(--bad); background: var(--bad-bg); }
.reason { display: block; margin-top: 3px; }
.err-code { font-weight: 700; }
footer { margin-top: 24px; color: var(--muted); font-size: 12px; }
@page { size: A4 landscape; margin: 10mm; }
@media print {
  :root {
    --bg: #ffffff; --fg: #000000; --muted: #444c56; --line: #b8c0c8; --head: #e8ecf0; --card: #ffffff; --stripe: #f7f8fa;
    --ok: #0f5c26; --ok-bg: #dcf5e3; --warn: #6b4200; --warn-bg: #fff0c2; --bad: #9c0d22; --bad-bg: #ffe3e0;
  }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  body { padding: 0; font-size: 10pt; }
  h1 { font-size: 16pt; }
  table { font-size: 7.5pt; }
  .mono, code { font-size: 7pt; }
  th, td { padding: 3px 4px; }
  thead th { position: static; }
  .total { min-width: 0; padding: 4px 10px; }
  .total b { font-size: 14pt; }
}
`;
