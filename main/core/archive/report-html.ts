import path from 'node:path';
import type { ControllerRunResult, RunRecord, Verdict } from '../backup/run-types';
import { ERROR_HINTS, type ErrorCode } from '../device/errors';
import { formatBytes } from '../units';
import type { Locale } from '../../../shared/locale';

/** Escapes text for HTML element content and quoted attributes (& < > " '). */
export function escapeHtml(value: unknown): string {
  return String(value ?? '').replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Icon and words of each verdict: the icon is never the only carrier of meaning. */
export const VERDICT_LABELS: Record<Verdict, { icon: string; words: string }> = {
  ready: { icon: '✓', words: 'Ready for upgrade' },
  'ready-with-warning': { icon: '⚠', words: 'Ready with warning' },
  'not-ready': { icon: '✗', words: 'Not ready' },
};

const STATUS_WORDS: Record<ControllerRunResult['status'], string> = {
  pending: 'Not started',
  running: 'Still running',
  succeeded: 'Backed up',
  failed: 'Failed',
  cancelled: 'Cancelled',
  skipped: 'Skipped',
};

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
  const results = [...run.results].sort(byController);
  const sites = reportSites(run);
  const title = `Backup report — ${sites.join(', ')}`;
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
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
    header(run, title),
    banners(run),
    totalsSection(results),
    failuresSection(results),
    warningsSection(results),
    controllersSection(results, options.archiveRoot),
    footer(run, options.now ?? new Date()),
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

function reportSites(run: RunRecord): string[] {
  const fromResults = [...new Set(run.results.map((r) => r.site ?? 'Unassigned'))];
  const sites = run.sites.length > 0 ? run.sites : fromResults;
  return sites.length > 0 ? sites : ['Unassigned'];
}

function byController(a: ControllerRunResult, b: ControllerRunResult): number {
  const collate = (x: string, y: string): number => x.localeCompare(y, 'en', { numeric: true, sensitivity: 'base' });
  return collate(a.site ?? '', b.site ?? '') || collate(a.name, b.name) || collate(a.controllerId, b.controllerId);
}

function header(run: RunRecord, title: string): string {
  const o = run.options;
  const meta: Array<[string, string]> = [
    ['Technician', run.technician],
    ['Laptop', run.laptop],
    ['Tool version', `ECLYPSE Field Backup ${run.toolVersion}`],
    ['Started', formatTime(run.startedAt)],
    ['Finished', run.finishedAt ? formatTime(run.finishedAt) : 'Not finished'],
    ['Duration', run.finishedAt ? formatDuration(run.startedAt, run.finishedAt) : DASH],
    ['Backup target', o.target === 'UsbKey' ? 'Controller\'s USB key' : 'Downloaded to this laptop'],
    ['Run', run.runId],
    // Last and full width: thirteen long type names do not fit a grid cell.
    ['Data types', o.dataTypes.length > 0 ? o.dataTypes.join(', ') : DASH],
  ];
  const items = meta.map(([k, v]) => `<div${k === 'Data types' ? ' class="wide"' : ''}><dt>${escapeHtml(k)}</dt><dd>${escapeHtml(v)}</dd></div>`).join('');
  return [
    '<header>',
    `<h1>${escapeHtml(title)}</h1>`,
    '<p class="sub">Controller backups taken before a firmware upgrade, each checked byte by byte.</p>',
    `<dl class="meta">${items}</dl>`,
    '</header>',
  ].join('\n');
}

function banners(run: RunRecord): string {
  const out: string[] = [];
  if (run.options.dryRun) out.push('<p class="banner"><strong>⚠ Dry run:</strong> nothing was backed up; this lists what a run would do.</p>');
  const open = run.results.filter((r) => r.status === 'pending' || r.status === 'running').length;
  if (open > 0 || run.finishedAt === null) {
    out.push(
      `<p class="banner"><strong>⚠ Run not finished:</strong> ${open} controller${open === 1 ? '' : 's'} still waiting or running when this report was written.</p>`,
    );
  }
  return out.join('\n');
}

function totalsSection(results: ControllerRunResult[]): string {
  // Counted from the rows themselves, so the totals can never disagree with the table below.
  const count = (v: Verdict): number => results.filter((r) => r.verdict === v).length;
  const bytes = results.reduce((sum, r) => sum + (r.status === 'succeeded' ? (r.backup?.bytes ?? 0) : 0), 0);
  const card = (cls: string, value: string, label: string): string =>
    `<div class="total ${cls}"><b>${escapeHtml(value)}</b><span>${escapeHtml(label)}</span></div>`;
  return [
    '<section aria-label="Totals"><div class="totals">',
    card('', String(results.length), 'Controllers'),
    card('ok', String(count('ready')), `${VERDICT_LABELS.ready.icon} ${VERDICT_LABELS.ready.words}`),
    card('warn', String(count('ready-with-warning')), `${VERDICT_LABELS['ready-with-warning'].icon} ${VERDICT_LABELS['ready-with-warning'].words}`),
    card('bad', String(count('not-ready')), `${VERDICT_LABELS['not-ready'].icon} ${VERDICT_LABELS['not-ready'].words}`),
    card('', formatBytes(bytes), 'Backed up'),
    '</div></section>',
  ].join('\n');
}

interface CauseGroup {
  code: string;
  hint: string;
  members: ControllerRunResult[];
}

/** Failed controllers grouped by error code; not-ready controllers without an error get a group of their own. */
function failureGroups(results: ControllerRunResult[]): CauseGroup[] {
  const groups = new Map<string, CauseGroup>();
  for (const r of results) {
    if (!r.error && r.verdict !== 'not-ready') continue;
    const code = r.error?.code ?? 'NOT_READY';
    const hint = r.error ? (ERROR_HINTS[r.error.code as ErrorCode] ?? r.error.hint) : 'No error was recorded; the reason is given for each controller.';
    const group = groups.get(code) ?? { code, hint, members: [] };
    group.members.push(r);
    groups.set(code, group);
  }
  return [...groups.values()].sort((a, b) => b.members.length - a.members.length || a.code.localeCompare(b.code));
}

function failuresSection(results: ControllerRunResult[]): string {
  const groups = failureGroups(results);
  if (groups.length === 0) return '<h2>Failures by cause</h2>\n<p>No failures: every controller was backed up.</p>';
  const blocks = groups.map((g) => {
    const items = g.members
      .map((r) => {
        const why = r.error?.message ?? r.verdictReason ?? STATUS_WORDS[r.status];
        return `<li><strong>${escapeHtml(r.name)}</strong> <span class="muted">(${escapeHtml(address(r))})</span> — ${escapeHtml(why)}${fingerprintsOf(r)}</li>`;
      })
      .join('');
    const n = g.members.length;
    return [
      `<section class="cause"><h3><span class="mono err-code">${escapeHtml(g.code)}</span> · ${n} controller${n === 1 ? '' : 's'}</h3>`,
      `<p>${escapeHtml(g.hint)}</p><ul>${items}</ul></section>`,
    ].join('');
  });
  return ['<h2>Failures by cause</h2>', ...blocks].join('\n');
}

function warningsSection(results: ControllerRunResult[]): string {
  const warned = results.filter((r) => (r.warnings ?? []).length > 0);
  if (warned.length === 0) return '';
  const items = warned
    .map((r) => `<li><strong>${escapeHtml(r.name)}</strong> <span class="muted">(${escapeHtml(address(r))})</span><ul>${(r.warnings ?? []).map((w) => `<li>${escapeHtml(w)}</li>`).join('')}</ul></li>`)
    .join('');
  return ['<h2>Warnings</h2>', '<p>These controllers were handled, but something deserves a look.</p>', `<ul class="warnings">${items}</ul>`].join('\n');
}

const COLUMNS = ['Controller', 'Address', 'Model', 'Firmware', 'API', 'Certificate fingerprint', 'Status', 'Verdict', 'File', 'Size', 'SHA-256', 'Compatibility', 'Error'];

function controllersSection(results: ControllerRunResult[], archiveRoot: string | undefined): string {
  const head = `<thead><tr>${COLUMNS.map((c) => `<th scope="col">${escapeHtml(c)}</th>`).join('')}</tr></thead>`;
  // Several sites: a heading row before each site's controllers (rows are sorted by site).
  const grouped = new Set(results.map((r) => r.site ?? '')).size > 1;
  const rows: string[] = [];
  let site: string | null | undefined;
  for (const r of results) {
    if (grouped && r.site !== site) {
      site = r.site;
      rows.push(`<tr class="site-row"><th colspan="${COLUMNS.length}" scope="rowgroup">${escapeHtml(r.site ?? 'Unassigned')}</th></tr>`);
    }
    rows.push(controllerRow(r, archiveRoot));
  }
  return ['<h2>Controllers</h2>', `<table>${head}<tbody>`, ...rows, '</tbody></table>'].join('\n');
}

function controllerRow(r: ControllerRunResult, archiveRoot: string | undefined): string {
  const d = r.device;
  const b = r.backup;
  const api = d ? (d.api === 'v2' ? 'v2' : d.apiRevision) : '';
  const cls = r.verdict === 'not-ready' ? 'not-ready' : r.verdict === 'ready-with-warning' ? 'warning' : 'ready';
  const attempts = r.attempts > 1 ? ` <span class="muted">(${r.attempts} attempts)</span>` : '';
  const cells = [
    `<td class="name"><strong>${escapeHtml(r.name)}</strong></td>`,
    `<td class="nowrap">${escapeHtml(address(r))}</td>`,
    `<td class="model">${text(d?.modelName)}</td>`,
    `<td>${text(d?.softwareVersion)}</td>`,
    `<td>${text(api)}</td>`,
    `<td class="mono">${breakable(d?.fingerprint, 24)}</td>`,
    `<td>${escapeHtml(STATUS_WORDS[r.status] ?? r.status)}${attempts}</td>`,
    `<td>${verdictBadge(r.verdict, r.verdictReason)}</td>`,
    `<td class="file">${fileCell(r, archiveRoot)}</td>`,
    `<td class="num">${b?.bytes == null ? DASH : escapeHtml(formatBytes(b.bytes))}</td>`,
    `<td class="mono">${breakable(b?.sha256, 16)}</td>`,
    `<td>${b?.compatibility ? wrapAfterSeparators(b.compatibility) : DASH}</td>`,
    `<td class="error">${errorCell(r)}</td>`,
  ];
  return `<tr class="${cls}">${cells.join('')}</tr>`;
}

/** A verdict as icon + word (+ reason when not plainly ready). */
export function verdictBadge(verdict: Verdict, reason: string | null): string {
  const label = VERDICT_LABELS[verdict] ?? VERDICT_LABELS['not-ready'];
  const badge = `<span class="verdict v-${escapeHtml(verdict)}"><span aria-hidden="true">${label.icon}</span> ${escapeHtml(label.words)}</span>`;
  return verdict !== 'ready' && reason ? `${badge}<span class="reason">${escapeHtml(reason)}</span>` : badge;
}

function fileCell(r: ControllerRunResult, archiveRoot: string | undefined): string {
  const b = r.backup;
  if (!b) return DASH;
  if (b.file === null) return `On the controller's USB key: <span class="mono">${escapeHtml(b.deviceFileName)}</span>`;
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
function fingerprintsOf(r: ControllerRunResult): string {
  const e = r.error;
  const parts: string[] = [];
  if (e?.expectedFingerprint) parts.push(`<span class="reason">Pinned: <span class="mono">${escapeHtml(e.expectedFingerprint)}</span></span>`);
  if (e?.actualFingerprint) parts.push(`<span class="reason">Presented: <span class="mono">${escapeHtml(e.actualFingerprint)}</span></span>`);
  return parts.join('');
}

function footer(run: RunRecord, now: Date): string {
  return [
    '<footer>',
    `<p>Written by ECLYPSE Field Backup ${escapeHtml(run.toolVersion)} on ${escapeHtml(formatTime(now.toISOString()))}. Times are the laptop's local time.`,
    'Each SHA-256 was computed while the file downloaded and the zip was read back before it was saved;',
    '<span class="mono">eclypse-backup verify</span> checks the archive again at any time.</p>',
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
export function formatTime(iso: string): string {
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
