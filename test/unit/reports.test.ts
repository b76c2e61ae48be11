import fs from 'node:fs/promises';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { escapeHtml, renderRunReportHtml } from '../../main/core/reports/report-html';
import { RUN_CSV_COLUMNS, runReportBaseName, writeRunReports } from '../../main/core/reports/reports';
import type { ControllerRunResult, RunRecord } from '../../shared/run-record';
import { englishHint, type ErrorCode } from '../../shared/errors';
import { tempDir } from '../support/fixtures';
import { NO_PREVIEW_WARNING } from '../../main/core/backup/pipeline';

const SCRIPT = '<script>alert(1)</script>';
const QUOTES = `"'&`;
const FORMULA = `=cmd|' /C calc'!A0`;
const FP = 'AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89';

function controller(
  name: string,
  overrides: Partial<ControllerRunResult> = {},
  model = 'ECY-S1000 Rev 1.0A',
): ControllerRunResult {
  const port = 443;
  const host = `10.20.0.${10 + name.length}`;
  return {
    controllerId: `${host}:${port}`,
    name,
    site: 'Campus North',
    host,
    port,
    status: 'succeeded',
    verdict: 'ready',
    verdictReason: null,
    attempts: 1,
    device: {
      host,
      port,
      api: 'v1',
      apiRevision: '8.0',
      hostId: 'H1',
      hostName: name,
      modelName: model,
      softwareVersion: '1.20.3',
      fingerprint: FP,
    },
    backup: {
      target: 'Device',
      deviceFileName: `${name}_20250304_101502`,
      file: `/archive/Campus North/${name}/${name}_20250304_101502.ecybackup`,
      sidecar: null,
      bytes: 524_288,
      sha256: 'a'.repeat(64),
      dataTypes: ['TIMEZONE'],
      envysionProjects: [],
      compatibility: 'OK',
      jobId: '7',
    },
    error: null,
    startedAt: '2025-03-04T10:15:02.000Z',
    finishedAt: '2025-03-04T10:16:40.000Z',
    ...overrides,
  };
}

function failed(name: string, code: ErrorCode, message: string, model?: string): ControllerRunResult {
  return controller(
    name,
    {
      status: 'failed',
      verdict: 'not-ready',
      verdictReason: `Backup failed: ${code}`,
      attempts: 3,
      backup: null,
      error: { code, message, hint: englishHint(code) },
    },
    model,
  );
}

/** A run whose controllers carry hostile names, models and error messages. */
function hostileRun(): RunRecord {
  const results = [
    controller('AHU-01'),
    controller(SCRIPT, {}, QUOTES),
    controller(FORMULA, { verdict: 'ready-with-warning', verdictReason: `WARNING_MISSMATCH ${SCRIPT}` }),
    failed('VAV-1-02', 'AUTH_FAILED', `Refused ${SCRIPT}`),
    failed(`VAV ${QUOTES}`, 'AUTH_FAILED', FORMULA),
    failed('FCU-1-01', 'UNREACHABLE', 'connect ETIMEDOUT 10.20.0.31:443', FORMULA),
  ];
  return {
    runId: 'run-7f3a',
    sites: ['Campus North', SCRIPT],
    technician: `Jo ${QUOTES}`,
    laptop: SCRIPT,
    toolVersion: '0.1.0',
    startedAt: '2025-03-04T10:15:02.123Z',
    finishedAt: '2025-03-04T10:42:10.000Z',
    options: { target: 'Device', dataTypes: ['TIMEZONE', 'GFX'], concurrency: 4, perSite: 2 },
    totals: {
      total: 6,
      succeeded: 3,
      failed: 3,
      cancelled: 0,
      ready: 2,
      readyWithWarning: 1,
      notReady: 3,
      bytes: 3 * 524_288,
    },
    results,
  };
}

let archive: string;
beforeAll(async () => {
  archive = await tempDir();
});
afterAll(async () => {
  await fs.rm(archive, { recursive: true, force: true });
});

describe('run reports', () => {
  it('writes html, csv and json into <archive>/reports/ named by start time and run id', async () => {
    const run = hostileRun();
    const files = await writeRunReports(archive, run);
    const base = path.join(archive, 'reports', '2025-03-04_101502_run-7f3a');
    expect(files).toEqual({ html: `${base}.html`, csv: `${base}.csv`, json: `${base}.json` });
    expect(JSON.parse(await fs.readFile(files.json, 'utf8'))).toEqual(run);
    expect((await fs.readdir(path.join(archive, 'reports'))).sort()).toEqual([
      '2025-03-04_101502_run-7f3a.csv',
      '2025-03-04_101502_run-7f3a.html',
      '2025-03-04_101502_run-7f3a.json',
    ]);
  });

  it('a hostile run id cannot leave the reports folder', () => {
    expect(runReportBaseName({ ...hostileRun(), runId: '../../etc/passwd' })).not.toMatch(/[/\\]/);
  });

  it('escapes every value in the HTML: no hostile text appears raw', () => {
    const html = renderRunReportHtml(hostileRun(), { archiveRoot: '/archive' });
    expect(html).not.toContain(SCRIPT);
    expect(html).not.toContain('<script');
    expect(html).not.toContain(QUOTES);
    expect(html).not.toContain(`'&`);
    expect(html).toContain(escapeHtml(SCRIPT));
    expect(html).toContain('Jo &quot;&#39;&amp;');
    expect(html).toContain(`=cmd|&#39; /C calc&#39;!A0`);
    // Every tag in the page is one the renderer writes itself.
    const tags = new Set([...html.matchAll(/<\/?([a-zA-Z0-9!]+)/g)].map((m) => m[1]!.toLowerCase()));
    const allowed = [
      '!doctype',
      'html',
      'head',
      'meta',
      'title',
      'style',
      'body',
      'header',
      'h1',
      'h2',
      'h3',
      'p',
      'dl',
      'div',
      'dt',
      'dd',
      'section',
      'b',
      'span',
      'strong',
      'ul',
      'li',
      'table',
      'thead',
      'tbody',
      'tr',
      'th',
      'td',
      'br',
      'wbr',
      'footer',
    ];
    expect([...tags].filter((t) => !allowed.includes(t))).toEqual([]);
  });

  it('is self-contained: no script, no link, no external or embedded source', () => {
    const html = renderRunReportHtml(hostileRun());
    for (const banned of ['http://', 'https://', 'src=', '<link', '<script', '@import', 'url('])
      expect(html, banned).not.toContain(banned);
    expect(html).toContain("default-src 'none'");
    expect(html).toMatch(/@page\s*\{\s*size:\s*A4 landscape/);
    expect(html).toContain('prefers-color-scheme: dark');
    expect(html).toContain('display: table-header-group');
  });

  it('has one row per controller with its verdict as icon and word', () => {
    const run = hostileRun();
    const html = renderRunReportHtml(run);
    const body = html.slice(html.indexOf('<tbody>'), html.indexOf('</tbody>'));
    expect(body.match(/<tr class="(ready|warning|not-ready)">/g)).toHaveLength(run.results.length);
    for (const r of run.results) expect(body).toContain(`<strong>${escapeHtml(r.name)}</strong>`);
    expect(body.match(/✓<\/span> Ready for upgrade/g)).toHaveLength(2);
    expect(
      body.match(/⚠<\/span> Ready with warning<\/span><span class="reason">WARNING_MISSMATCH &lt;script&gt;/g),
    ).toHaveLength(1);
    expect(body.match(/✗<\/span> Not ready<\/span><span class="reason">Backup failed: /g)).toHaveLength(3);
  });

  it('groups rows by site when the run covers several, and shows both fingerprints of a changed certificate', () => {
    const other = controller('CHW-01', { site: 'Campus South' });
    const changed = failed('RTU-01', 'CERT_CHANGED', 'Different certificate');
    changed.error = { ...changed.error!, expectedFingerprint: 'OLD:FP', actualFingerprint: FP };
    const html = renderRunReportHtml({ ...hostileRun(), results: [other, controller('AHU-01'), changed] });
    const body = html.slice(html.indexOf('<tbody>'), html.indexOf('</tbody>'));
    expect([...body.matchAll(/<th colspan="13" scope="rowgroup">([^<]*)<\/th>/g)].map((m) => m[1])).toEqual([
      'Campus North',
      'Campus South',
    ]);
    expect(body.match(/<tr class="(ready|warning|not-ready)">/g)).toHaveLength(3);
    expect(html).toContain(`Pinned: <span class="mono">OLD:FP</span>`);
    expect(html).toContain(`Presented: <span class="mono">${FP}</span>`);
  });

  it('shows the run facts and totals', () => {
    const html = renderRunReportHtml(hostileRun());
    expect(html).toContain(`<title>Backup report — Campus North, ${escapeHtml(SCRIPT)}</title>`);
    for (const label of ['Technician', 'Laptop', 'Tool version', 'Started', 'Finished', 'Duration'])
      expect(html).toContain(`<dt>${label}</dt>`);
    expect(html).toContain('<dd>27 min 08 s</dd>');
    expect(html).toMatch(/<b>6<\/b><span>Controllers<\/span>/);
    expect(html).toMatch(/<b>2<\/b><span>✓ Ready for upgrade<\/span>/);
    expect(html).toMatch(/<b>1<\/b><span>⚠ Ready with warning<\/span>/);
    expect(html).toMatch(/<b>3<\/b><span>✗ Not ready<\/span>/);
    expect(html).toMatch(/<b>1\.6 MB<\/b><span>Backed up<\/span>/);
  });

  it('groups failures by cause, with the hint and every name', () => {
    const html = renderRunReportHtml(hostileRun());
    const section = html.slice(html.indexOf('<h2>Failures by cause</h2>'), html.indexOf('<h2>Controllers</h2>'));
    const causes = [...section.matchAll(/<section class="cause">([\s\S]*?)<\/section>/g)].map((m) => m[1]!);
    expect(causes).toHaveLength(2);
    expect(causes[0]).toContain('AUTH_FAILED</span> · 2 controllers');
    expect(causes[0]).toContain(escapeHtml(englishHint('AUTH_FAILED')));
    expect(causes[0]).toContain('<strong>VAV-1-02</strong>');
    expect(causes[0]).toContain(`<strong>${escapeHtml(`VAV ${QUOTES}`)}</strong>`);
    expect(causes[1]).toContain('UNREACHABLE</span> · 1 controller<');
    expect(causes[1]).toContain(escapeHtml(englishHint('UNREACHABLE')));
  });

  it('lists what deserves a look although the backup is fine, escaped, in the HTML and the CSV', async () => {
    const run = hostileRun();
    run.results[0] = controller('AHU-01', {
      warnings: ['Backups are piling up on the controller: it holds 14 backups.', `Job said 90 % ${SCRIPT}`],
    });
    const html = renderRunReportHtml(run);
    const section = html.slice(html.indexOf('<h2>Warnings</h2>'), html.indexOf('<h2>Controllers</h2>'));
    expect(section).toContain('piling up on the controller: it holds 14 backups');
    expect(section).toContain(escapeHtml(`Job said 90 % ${SCRIPT}`));
    expect(html).not.toContain(`Job said 90 % ${SCRIPT}`);
    expect(renderRunReportHtml(hostileRun())).not.toContain('<h2>Warnings</h2>');
    const rows = parse((await fs.readFile((await writeRunReports(archive, run)).csv, 'utf8')).replace(/^\uFEFF/, ''), {
      columns: true,
    }) as Array<Record<string, string>>;
    expect(rows.find((r) => r.name === 'AHU-01')!.warnings).toBe(
      `Backups are piling up on the controller: it holds 14 backups.\nJob said 90 % ${SCRIPT}`,
    );
  });

  it('says so when nothing failed, and flags unfinished runs', () => {
    const run = {
      ...hostileRun(),
      results: [
        controller('AHU-01'),
        controller('AHU-02', {
          status: 'pending',
          verdict: 'not-ready',
          verdictReason: 'Not backed up yet',
          backup: null,
        }),
      ],
    };
    const html = renderRunReportHtml({ ...run, finishedAt: null });
    expect(html).toContain('Run not finished:</strong> 1 controller still');
    expect(html).toContain('NOT_READY</span> · 1 controller');
    expect(renderRunReportHtml({ ...run, results: [controller('AHU-01')] })).toContain('No failures');
  });

  it('writes a CSV with one neutralised row per controller', async () => {
    const run = hostileRun();
    const files = await writeRunReports(archive, run);
    const text = await fs.readFile(files.csv, 'utf8');
    expect(text.startsWith('\uFEFF')).toBe(true);
    const rows = parse(text, { bom: true, columns: true }) as Array<Record<string, string>>;
    expect(Object.keys(rows[0]!)).toEqual([...RUN_CSV_COLUMNS]);
    expect(rows).toHaveLength(run.results.length);
    expect(rows.map((r) => r.name)).toEqual(run.results.map((r) => (r.name.startsWith('=') ? `'${r.name}` : r.name)));
    // No cell may start with a character a spreadsheet takes for a formula.
    for (const row of rows) for (const cell of Object.values(row)) expect(cell, cell).not.toMatch(/^[=+\-@\t\r]/);
    expect(rows.find((r) => r.error_code === 'AUTH_FAILED' && r.error_message!.includes('calc'))!.error_message).toBe(
      `'${FORMULA}`,
    );
    expect(rows.find((r) => r.name === 'FCU-1-01')!.model).toBe(`'${FORMULA}`);
    expect(rows[0]).toMatchObject({
      site: 'Campus North',
      status: 'succeeded',
      verdict: 'ready',
      bytes: '524288',
      sha256: 'a'.repeat(64),
      attempts: '1',
    });
  });
});

describe('the HTML report in the language chosen for the run', () => {
  it('speaks French when asked: labels, verdicts, sizes with a decimal comma, error hints, lang="fr-CA", no English sentence left', async () => {
    const { reportEn } = await import('../../shared/messages/report.en');
    const { reportFrCa } = await import('../../shared/messages/report.fr-ca');
    const run = hostileRun();
    const html = renderRunReportHtml(run, { locale: 'fr-CA', now: new Date('2026-11-28T17:00:00Z') });
    expect(html).toContain('<html lang="fr-CA">');
    expect(html).toContain('<dt>Technicien</dt>');
    expect(html).toContain('Prêt pour la mise à niveau');
    expect(html).toMatch(/<b>1,6[\u00a0\u202f ]Mo<\/b><span>Sauvegardé<\/span>/);
    expect(html).toContain(escapeHtml('Le contrôleur a refusé l’identification.'));
    // Runs of English words the French message of the same key does not also say (a command name is the same in both).
    const english = Object.entries(reportEn).flatMap(([k, m]) =>
      m
        .split(/[{}<>]/)
        .map((s) => s.trim())
        .filter((s) => s.length >= 12 && / /.test(s) && !reportFrCa[k as keyof typeof reportEn].includes(s)),
    );
    expect(english.filter((s) => html.includes(escapeHtml(s)) || html.includes(s))).toEqual([]);
  });

  it("says the core's warnings and verdict reasons in French too (recognised through shared/warnings.ts), the controller's own words as it said them", () => {
    const warned = {
      ...controller('AHU-02'),
      verdict: 'ready-with-warning' as const,
      verdictReason: 'The controller did not report whether this backup can be restored.',
      warnings: [NO_PREVIEW_WARNING, 'WARNING_MISSMATCH_FIRMWARE_NEWER'],
    };
    const html = renderRunReportHtml({ ...hostileRun(), results: [controller('AHU-01'), warned] }, { locale: 'fr-CA' });
    expect(html).toContain(escapeHtml('Le contrôleur n’a pas indiqué si cette sauvegarde peut être restaurée.'));
    expect(html).not.toContain('did not report whether');
    expect(html).not.toContain(NO_PREVIEW_WARNING);
    expect(html).toContain('WARNING_MISSMATCH_FIRMWARE_NEWER');
    const english = renderRunReportHtml({ ...hostileRun(), results: [controller('AHU-01'), warned] });
    expect(english).toContain(escapeHtml(NO_PREVIEW_WARNING));
    expect(english).toContain('did not report whether this backup can be restored.');
  });

  it('a backup saved but not restorable is not a failure: it has its own section, as on the Bulk run screen', () => {
    const saved = {
      ...controller('AHU-09'),
      verdict: 'not-ready' as const,
      verdictReason: 'The controller says this backup cannot be restored: ERROR_MISSMATCH_VERSION',
    };
    const html = renderRunReportHtml({ ...hostileRun(), results: [controller('AHU-01'), saved] });
    expect(html).toContain('<h2>Backed up, not ready for upgrade</h2>');
    expect(html).toContain('No failures: every controller was backed up.');
    expect(html).not.toContain('NOT_READY</span>');
  });
});
