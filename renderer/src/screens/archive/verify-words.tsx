import { AlertTriangle, CheckCircle2, FileQuestion, FileWarning, FileX2 } from 'lucide-react';
import type { VerifyReport } from '../../../../preload/api';

/** What verification found for one file (the core's VerifyStatus). */
export type VerifyStatus = VerifyReport['entries'][number]['status'];

const WORDS: Record<VerifyStatus, { word: string; plural: string; icon: typeof CheckCircle2; tone: string; meaning: string }> = {
  ok: { word: 'Verified', plural: 'Verified', icon: CheckCircle2, tone: 'good', meaning: 'size and SHA-256 match the record' },
  changed: { word: 'Changed', plural: 'Changed', icon: FileWarning, tone: 'bad', meaning: 'the file differs from what was saved: do not restore it' },
  missing: { word: 'Missing', plural: 'Missing', icon: FileX2, tone: 'bad', meaning: 'the record is there but the file is gone' },
  orphaned: { word: 'No record', plural: 'Without a record', icon: FileQuestion, tone: 'warn', meaning: 'a file without its .json record, or a partial download' },
  'invalid-sidecar': { word: 'Record unreadable', plural: 'Unreadable records', icon: AlertTriangle, tone: 'bad', meaning: 'the .json record beside a backup is damaged' },
};

/** The order problems are listed in: the worst first. */
export const STATUS_ORDER: VerifyStatus[] = ['changed', 'missing', 'invalid-sidecar', 'orphaned', 'ok'];

/** A verification status as icon + word. */
export function VerifyBadge({ status, quiet = false }: { status: VerifyStatus; quiet?: boolean }) {
  const w = WORDS[status];
  const Icon = w.icon;
  // Quiet: a count of zero problems is no alarm, so it is not drawn in red.
  return (
    <span className={`badge tone-${quiet ? 'neutral' : w.tone}`}>
      <Icon size={16} aria-hidden />
      <span>{w.word}</span>
    </span>
  );
}

/** The words of a status for the report's counts: the label and what it means. */
export function statusWords(status: VerifyStatus): { plural: string; meaning: string; tone: string } {
  return WORDS[status];
}
