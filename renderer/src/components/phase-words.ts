import type { ControllerEvent } from '../../../preload/api';
import { t as translator } from '../i18n/language';
import { errorTitle, phaseKey } from '../i18n/words';

/** What a controller is doing, in words ("Controller is building the backup — 42 %"); never a bare spinner. */
export function phaseWords(
  e: Pick<ControllerEvent, 'status' | 'phase' | 'progress' | 'bytes' | 'totalBytes' | 'message' | 'attempt'> & {
    outcome?: ControllerEvent['outcome'];
  },
  bytesPerSecond?: number | null,
): string {
  const t = translator();
  switch (e.status) {
    case 'pending':
      return t('phase.pending');
    case 'retry-wait':
      // The controller's own words say why (English, from main): shown in the English window only.
      return `${t('phase.retry-wait', { attempt: e.attempt + 1 })}${e.message && t.locale === 'en' ? ` (${e.message})` : ''}`;
    case 'succeeded':
      return t('phase.saved');
    case 'failed': {
      const code = e.outcome?.errorCode;
      if (code) return `${t('phase.failed')} — ${errorTitle(code, t)}`;
      return e.message && t.locale === 'en' ? `${t('phase.failed')} — ${e.message}` : t('phase.failed');
    }
    case 'cancelled':
      return t('phase.cancelled');
    default:
      break;
  }
  switch (e.phase) {
    case 'waiting':
      return t('phase.waiting', { percent: Math.round(Math.min(1, Math.max(0, e.progress)) * 100) });
    case 'downloading': {
      const words = e.totalBytes
        ? t('phase.downloading-of', { bytes: t.bytes(e.bytes), total: t.bytes(e.totalBytes) })
        : t('phase.downloading', { bytes: t.bytes(e.bytes) });
      return bytesPerSecond ? `${words} · ${t.rate(bytesPerSecond)}` : words;
    }
    case 'done':
      return t('phase.saved');
    case null:
    case undefined:
      return t('phase.starting');
    default:
      return t(phaseKey(e.phase));
  }
}

/** The four stages a technician sees a backup go through, in order. */
export const STAGES = ['connect', 'build', 'download', 'verify'] as const;
/** A stage of a backup. */
export type Stage = (typeof STAGES)[number];

/** The stage a phase belongs to. */
export function stageOf(phase: ControllerEvent['phase']): Stage {
  switch (phase) {
    case 'waiting':
      return 'build';
    case 'downloading':
      return 'download';
    case 'verifying':
    case 'previewing':
    case 'saving':
    case 'done':
      return 'verify';
    default:
      return 'connect';
  }
}

/**
 * How far the CURRENT stage is, for the bar under the words, so that the two agree: "building — 42 %" over a bar
 * at 42 %, "Downloading 118 MB of 240 MB" over a bar at 49 %. Null when the stage has no measure (the bar then
 * says it is busy, without a made-up figure).
 */
export function stageFraction(
  e: Pick<ControllerEvent, 'status' | 'phase' | 'progress' | 'bytes' | 'totalBytes'>,
): number | null {
  if (e.status === 'succeeded') return 1;
  const clamp = (x: number): number => Math.min(1, Math.max(0, x));
  switch (e.phase) {
    case 'waiting':
      return clamp(e.progress);
    case 'downloading':
      return e.totalBytes ? clamp(e.bytes / e.totalBytes) : clamp(e.progress);
    case 'done':
      return 1;
    default:
      return null;
  }
}
