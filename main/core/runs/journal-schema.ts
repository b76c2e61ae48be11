import { z } from 'zod';
import { ERROR_CODES } from '../../../shared/errors';
import type { JournalEntry } from './run-journal';

/**
 * The version of the journal format this tool writes (in its `run-started` line). 1: the first format, which
 * had no version field. 2: the version field, and results that may carry warnings. A journal of a newer version
 * than this one is refused with what to do, never read by guesswork.
 */
export const JOURNAL_VERSION = 2;

const text = z.string();
const nullableText = z.string().nullable();

const errorInfo = z.object({
  code: z.enum(ERROR_CODES),
  message: text,
  hint: text,
  expectedFingerprint: text.optional(),
  actualFingerprint: text.optional(),
});

const device = z.looseObject({
  host: text,
  port: z.number().int(),
  api: z.enum(['v1', 'v2']),
  apiRevision: text,
  hostId: text,
  hostName: text,
  modelName: text,
  softwareVersion: text,
  fingerprint: nullableText,
});

const backup = z.looseObject({
  target: z.enum(['Device', 'UsbKey']),
  deviceFileName: text,
  file: nullableText,
  sidecar: nullableText,
  bytes: z.number().nullable(),
  sha256: nullableText,
  dataTypes: z.array(text),
  envysionProjects: z.array(text),
  compatibility: nullableText,
  jobId: nullableText,
});

const result = z.looseObject({
  controllerId: text,
  name: text,
  site: nullableText,
  host: text,
  port: z.number().int(),
  status: z.enum(['pending', 'running', 'succeeded', 'failed', 'cancelled']),
  verdict: z.enum(['ready', 'ready-with-warning', 'not-ready']),
  verdictReason: nullableText,
  attempts: z.number().int().nonnegative(),
  device: device.nullable(),
  backup: backup.nullable(),
  error: errorInfo.nullable(),
  warnings: z.array(text).optional(),
  startedAt: nullableText,
  finishedAt: nullableText,
});

const job = z.looseObject({
  jobId: nullableText,
  fileName: text,
  before: z.array(text),
  envysionProjects: z.array(text),
  answered: z.boolean().optional(),
});

const controller = z.looseObject({
  id: text,
  name: text,
  host: text,
  port: z.number().int(),
  site: nullableText,
  username: nullableText,
  credential: nullableText,
  fingerprint: nullableText,
  target: z.enum(['Device', 'UsbKey']).nullable(),
  notes: nullableText,
});

const run = z.looseObject({
  runId: text,
  sites: z.array(text),
  technician: text,
  laptop: text,
  toolVersion: text,
  startedAt: text,
  options: z.looseObject({
    target: text,
    dataTypes: z.array(text),
    concurrency: z.number().int().positive(),
    perSite: z.number().int().positive().nullable(),
    envysion: z.union([z.literal('all'), z.array(text)]).optional(),
    trustNew: z.boolean().optional(),
  }),
});

const entry = z.discriminatedUnion('type', [
  z.looseObject({
    type: z.literal('run-started'),
    at: text,
    journalVersion: z.number().int().positive().optional(),
    run,
    controllers: z.array(controller),
  }),
  z.looseObject({ type: z.literal('controller-started'), at: text, id: text, attempt: z.number().int().positive() }),
  z.looseObject({ type: z.literal('job-requested'), at: text, id: text, job }),
  z.looseObject({ type: z.literal('job-created'), at: text, id: text, job }),
  z.looseObject({ type: z.literal('job-refused'), at: text, id: text }),
  z.looseObject({ type: z.literal('controller-finished'), at: text, id: text, result }),
  z.looseObject({ type: z.literal('run-finished'), at: text, cancelled: z.boolean() }),
  z.looseObject({ type: z.literal('run-resumed'), at: text }),
]);

/** Checks one parsed journal line; the problem in words when it is not an entry this tool can replay. */
export function checkJournalEntry(value: unknown): { ok: true; entry: JournalEntry } | { ok: false; problem: string } {
  const parsed = entry.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { ok: false, problem: `${issue?.path.join('.') || 'entry'}: ${issue?.message ?? 'not a journal entry'}` };
  }
  return { ok: true, entry: parsed.data as unknown as JournalEntry };
}
