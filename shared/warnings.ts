// What the core writes about a backup in English (journals, sidecars and logs keep it so), recognised so that
// each language can say it: the verdict's reason and the "worth a look" warnings. The app, the report and the
// command line all word them from here, so a French screen never shows the core's English. Imports only
// shared/ (the common catalogue's key type and the formats).
import { formatBytes, formatNumber } from './format';
import type { Locale } from './locale';
import type { CommonMessageKey } from './messages/common.en';
import { verdictReasonOf } from './words';

/** Whatever says a common message in one language (the app's translator, the CLI's words). */
export interface CommonWords {
  readonly locale: Locale;
  (key: CommonMessageKey, values?: Record<string, string | number>): string;
}

/**
 * A verdict's reason in the language in force: the reasons the core writes are recognised (journals keep them
 * in English); a reason of the controller's own (its compatibility word) is shown as it said it.
 */
export function verdictReasonWords(reason: string | null | undefined, t: CommonWords): string | null {
  const r = verdictReasonOf(reason);
  switch (r.kind) {
    case 'none':
      return null;
    case 'no-compatibility':
      return t('verdict.reason.no-compatibility');
    case 'usb-key':
      return t('verdict.reason.usb-key');
    case 'incompatible':
      return t('verdict.reason.incompatible', { compatibility: r.compatibility });
    case 'compatibility-warning':
      return r.compatibility;
    case 'other':
      return r.text;
  }
}

/** A warning the core writes, recognised (the controller's own words, where it quotes them, kept as they are). */
export type BackupWarning =
  | {
      kind: 'pile-up';
      backups: number | null;
      growth: number | null;
      from: number | null;
      to: number | null;
      address: string;
    }
  | { kind: 'xml-json'; revision: string }
  | { kind: 'already-archived' }
  | { kind: 'already-archived-unrecorded' }
  | { kind: 'provisional'; percent: number; file: string }
  | { kind: 'no-preview' }
  | { kind: 'preview-unavailable' }
  | { kind: 'envysion-not-understood' }
  | { kind: 'other'; text: string };

// The core's sentences (main/core/backup/pipeline.ts, store-pile-up.ts, device/answers.ts); the unit test
// test/unit/warnings.test.ts feeds the core's own output through these, so a reworded warning fails there.
const PILE_UP =
  /^Backups are piling up on the controller: (.*)\. Each backup stays in its flash memory .* \(https:\/\/(\S+)\/ → Backup & Restore\)/;
const PILE_UP_COUNT = /it holds (\d+) backups/;
const PILE_UP_GROWTH = /its backups grew by (\d+) % since the last run \(([^→]+) → ([^)]+)\)/;
const XML_JSON = /^XML requested but API revision (\S+) needs JSON/;
const PROVISIONAL =
  /^The controller's job still said (\d+) % when its backup file (.+) was complete; the file was verified/;

/** The English sizes the core writes ("2.1 MB", "950 kB"), back to bytes so another language can write them. */
function bytesOf(text: string): number | null {
  const m = /^([\d,]+(?:\.\d+)?) (B|byte|bytes|kB|MB|GB|TB)$/.exec(text.trim());
  if (!m?.[1] || !m[2]) return null;
  const scale: Record<string, number> = { B: 1, byte: 1, bytes: 1, kB: 1e3, MB: 1e6, GB: 1e9, TB: 1e12 };
  return Number(m[1].replace(/,/g, '')) * (scale[m[2]] ?? 1);
}

/** Recognises a warning written by the core (today's or an older journal's). */
export function backupWarningOf(text: string): BackupWarning {
  const pile = PILE_UP.exec(text);
  if (pile) {
    const reasons = pile[1] ?? '';
    const count = PILE_UP_COUNT.exec(reasons);
    const growth = PILE_UP_GROWTH.exec(reasons);
    return {
      kind: 'pile-up',
      backups: count ? Number(count[1]) : null,
      growth: growth ? Number(growth[1]) : null,
      from: growth ? bytesOf(growth[2] ?? '') : null,
      to: growth ? bytesOf(growth[3] ?? '') : null,
      address: pile[2] ?? '',
    };
  }
  const xml = XML_JSON.exec(text);
  if (xml) return { kind: 'xml-json', revision: xml[1] ?? '' };
  const provisional = PROVISIONAL.exec(text);
  if (provisional) return { kind: 'provisional', percent: Number(provisional[1]), file: provisional[2] ?? '' };
  if (text.startsWith('This backup was already archived before the interruption')) return { kind: 'already-archived' };
  if (text.startsWith('This backup was already archived (without its record)'))
    return { kind: 'already-archived-unrecorded' };
  if (text === 'The controller gave no compatibility preview for this file.') return { kind: 'no-preview' };
  if (text.startsWith('Compatibility preview unavailable: ')) return { kind: 'preview-unavailable' };
  if (text.startsWith("The controller's list of ENVYSION projects was not understood"))
    return { kind: 'envysion-not-understood' };
  return { kind: 'other', text };
}

/**
 * A warning in the language in force. English keeps the core's own sentence (it may name a detail the
 * catalogue leaves out, such as the exception of a failed preview); another language says the recognised
 * warning from the catalogue, sizes and numbers in its own way. An unrecognised text is shown as it is.
 */
export function backupWarningWords(text: string, t: CommonWords): string {
  if (t.locale === 'en') return text;
  const w = backupWarningOf(text);
  const locale = t.locale;
  switch (w.kind) {
    case 'pile-up': {
      const parts: string[] = [];
      if (w.backups !== null) parts.push(t('warning.pile-up.count', { count: w.backups }));
      if (w.growth !== null)
        parts.push(
          t('warning.pile-up.growth', {
            growth: formatNumber(w.growth, locale),
            from: formatBytes(w.from, locale),
            to: formatBytes(w.to, locale),
          }),
        );
      const reasons =
        parts.length === 2
          ? t('warning.pile-up.both', { first: parts[0] ?? '', second: parts[1] ?? '' })
          : (parts[0] ?? '');
      return t('warning.pile-up', { reasons, address: w.address });
    }
    case 'xml-json':
      return t('warning.xml-json', { revision: w.revision });
    case 'provisional':
      return t('warning.provisional', { percent: formatNumber(w.percent, locale), file: w.file });
    case 'already-archived':
    case 'already-archived-unrecorded':
    case 'no-preview':
    case 'preview-unavailable':
    case 'envysion-not-understood':
      return t(`warning.${w.kind}`);
    case 'other':
      return w.text;
  }
}

/** How the core starts a JOB_FAILED message that quotes the controller's own words after it. */
export const JOB_FAILED_PREFIX = 'The controller reported the backup job failed: ';

/**
 * The controller's own words inside a failure message, where the core quotes them (a failed job's message):
 * they are the controller's, not ours, and another language shows them as they are. Null otherwise.
 */
export function controllerWordsOf(code: string, message: string): string | null {
  if (code === 'JOB_FAILED' && message.startsWith(JOB_FAILED_PREFIX)) return message.slice(JOB_FAILED_PREFIX.length);
  return null;
}
