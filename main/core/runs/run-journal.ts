import fs from 'node:fs/promises';
import path from 'node:path';
import { CodedError } from '../errors';
import type { InventoryController } from '../../../shared/inventory';
import type { JobAttachment } from '../backup/pipeline';
import { checkJournalEntry, JOURNAL_VERSION } from './journal-schema';
import type { ControllerRunResult, RunRecord } from '../../../shared/run-record';

/** Folder of run journals inside the data folder. */
export const RUNS_FOLDER = 'runs';

/** One line of a run journal. Never holds a secret. */
export type JournalEntry =
  | {
      type: 'run-started';
      at: string;
      journalVersion?: number;
      run: Omit<RunRecord, 'results' | 'totals' | 'finishedAt'>;
      controllers: InventoryController[];
    }
  | { type: 'controller-started'; at: string; id: string; attempt: number }
  | { type: 'job-requested'; at: string; id: string; job: JobAttachment }
  | { type: 'job-created'; at: string; id: string; job: JobAttachment }
  | { type: 'job-refused'; at: string; id: string }
  | { type: 'controller-finished'; at: string; id: string; result: ControllerRunResult }
  | { type: 'run-finished'; at: string; cancelled: boolean }
  | { type: 'run-resumed'; at: string };

/** What a journal says about a run, replayed line by line. */
export interface JournalState {
  start: Extract<JournalEntry, { type: 'run-started' }>;
  /** Last result per controller id. */
  results: Map<string, ControllerRunResult>;
  /** Jobs created and not yet followed to a result, per controller id. */
  openJobs: Map<string, JobAttachment>;
  attempts: Map<string, number>;
  finished: boolean;
}

/**
 * The append-only journal of one bulk run, `<data-dir>/runs/<runId>.jsonl`: one JSON line per event, written
 * and flushed to disk before the run goes on, so a killed process resumes exactly where it stood.
 */
export class RunJournal {
  private constructor(
    readonly file: string,
    private readonly handle: fs.FileHandle,
  ) {}

  /** Opens (or creates) the journal of a run for appending. */
  static async open(dataDir: string, runId: string): Promise<RunJournal> {
    const folder = path.join(dataDir, RUNS_FOLDER);
    await fs.mkdir(folder, { recursive: true });
    const file = journalPath(dataDir, runId);
    return new RunJournal(file, await fs.open(file, 'a'));
  }

  private readonly queue: Array<{ line: string; done: (err?: unknown) => void }> = [];
  private flushing = false;

  /**
   * Appends one entry and resolves once it is on disk. Entries arriving while a write is under way go out
   * together with one sync (group commit): 32 controllers do not queue behind 32 separate fsyncs.
   */
  append(entry: JournalEntry): Promise<void> {
    return new Promise((resolve, reject) => {
      this.queue.push({
        line: `${JSON.stringify(entry)}\n`,
        done: (err) => (err === undefined ? resolve() : reject(err)),
      });
      void this.flush();
    });
  }

  private async flush(): Promise<void> {
    if (this.flushing) return;
    this.flushing = true;
    while (this.queue.length > 0) {
      const batch = this.queue.splice(0);
      if (this.broken) {
        for (const b of batch) b.done(this.broken);
        continue;
      }
      try {
        await this.handle.write(batch.map((b) => b.line).join(''));
        await this.handle.datasync();
        for (const b of batch) b.done();
      } catch (err) {
        // A write that failed may have left half a line: nothing more is appended after it, so the journal
        // stays readable up to there (a torn last line is skipped on resume).
        this.broken = err instanceof Error ? err : new Error('journal write failed');
        for (const b of batch) b.done(this.broken);
      }
    }
    this.flushing = false;
  }

  private broken: Error | undefined;

  /** Closes the file. */
  async close(): Promise<void> {
    await this.handle.close();
  }
}

/** The journal file of a run id (validated: ids come from people typing `--resume`). */
export function journalPath(dataDir: string, runId: string): string {
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(runId)) throw new CodedError('INVALID_INPUT', `"${runId}" is not a run id.`);
  return path.join(dataDir, RUNS_FOLDER, `${runId}.jsonl`);
}

/**
 * Replays a journal, every line checked against the format (journal-schema.ts). A torn last line (the process
 * died mid-write) is ignored; other damage, and a journal written by a newer version of the tool, is reported
 * with what to do — never read by guesswork.
 */
export async function readJournal(dataDir: string, runId: string): Promise<JournalState> {
  const file = journalPath(dataDir, runId);
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch {
    throw new CodedError('INVALID_INPUT', `No run "${runId}" in ${path.dirname(file)}.`);
  }
  const lines = text.split('\n');
  const state: Partial<JournalState> & Omit<JournalState, 'start'> = {
    results: new Map(),
    openJobs: new Map(),
    attempts: new Map(),
    finished: false,
  };
  lines.forEach((line, i) => {
    if (line.trim() === '') return;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      if (i >= lines.length - 2) return;
      throw new CodedError('INVALID_INPUT', `${file} line ${i + 1} is damaged; the run cannot be resumed safely.`);
    }
    const checked = checkJournalEntry(value);
    if (!checked.ok) {
      throw new CodedError(
        'INVALID_INPUT',
        `${file} line ${i + 1} is not a journal entry this tool can replay (${checked.problem}); the run cannot be resumed safely.`,
      );
    }
    const entry = checked.entry;
    if (entry.type === 'run-started' && (entry.journalVersion ?? 1) > JOURNAL_VERSION) {
      throw new CodedError(
        'INVALID_INPUT',
        `${file} was written by a newer version of ECLYPSE Field Backup (journal format ${entry.journalVersion}; this one reads up to ${JOURNAL_VERSION}). Update the tool to resume run ${runId}; nothing was changed.`,
      );
    }
    apply(state, entry);
  });
  if (!state.start) throw new CodedError('INVALID_INPUT', `${file} has no run start; it cannot be resumed.`);
  return state as JournalState;
}

function apply(state: Partial<JournalState> & Omit<JournalState, 'start'>, entry: JournalEntry): void {
  switch (entry.type) {
    case 'run-started':
      state.start = entry;
      break;
    case 'controller-started':
      state.attempts.set(entry.id, entry.attempt);
      break;
    case 'job-requested':
    case 'job-created':
      state.openJobs.set(entry.id, entry.job);
      break;
    case 'controller-finished':
      state.results.set(entry.id, entry.result);
      state.openJobs.delete(entry.id);
      break;
    case 'job-refused':
      state.openJobs.delete(entry.id);
      break;
    case 'run-finished':
      state.finished = true;
      break;
    case 'run-resumed':
      state.finished = false;
      break;
  }
}

/** Run ids in the data folder, newest first (ids start with a sortable time). */
export async function listRunIds(dataDir: string): Promise<string[]> {
  const names = await fs.readdir(path.join(dataDir, RUNS_FOLDER)).catch(() => [] as string[]);
  return names
    .filter((n) => n.endsWith('.jsonl'))
    .map((n) => n.slice(0, -'.jsonl'.length))
    .sort()
    .reverse();
}

/** A new run id: sortable by time, unique enough for one laptop. */
export function newRunId(now = new Date()): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace(/\..*$/, '').replace('T', '-');
  return `${stamp}-${Math.random().toString(36).slice(2, 6)}`;
}
