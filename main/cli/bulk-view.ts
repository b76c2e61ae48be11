import type { BulkEvent } from '../core/runs/bulk-events';
import type { ControllerEvent, RunProgressEvent } from '../../shared/run-events';
import { cliWords } from './language';
import { terminalText } from './terminal-text';

/**
 * Shows a bulk run on stderr. On a terminal: an overall bar and one line per active controller, redrawn in
 * place. Otherwise (logs, CI): one plain line per controller that starts, retries, or ends.
 */
export class BulkView {
  private readonly tty: boolean;
  private readonly active = new Map<string, ControllerEvent>();
  private overall: RunProgressEvent | undefined;
  private drawnLines = 0;

  constructor(
    private readonly names: Map<string, string>,
    private readonly out: NodeJS.WriteStream = process.stderr,
  ) {
    this.tty = out.isTTY === true;
  }

  /** Handles one event of the run. */
  update(e: BulkEvent): void {
    if (e.type === 'run-finished') return this.clear();
    if (e.type === 'run-progress') this.overall = e;
    else this.controller(e);
    // Run progress arrives at most ten times a second: redraw then, not on every controller change.
    if (this.tty && (e.type === 'run-progress' || this.drawnLines === 0)) this.draw();
  }

  /** Removes the live block so the final summary starts clean. */
  clear(): void {
    if (this.tty && this.drawnLines > 0) this.out.write(`\u001b[${this.drawnLines}A\u001b[0J`);
    this.drawnLines = 0;
  }

  private controller(e: ControllerEvent): void {
    const name = terminalText(this.names.get(e.controllerId) ?? e.controllerId, 80);
    const ended = e.status === 'succeeded' || e.status === 'failed' || e.status === 'cancelled';
    if (ended) this.active.delete(e.controllerId);
    else this.active.set(e.controllerId, e);
    if (this.tty && !ended && e.status !== 'retry-wait') return;
    const line = describeChange(name, e);
    if (line === undefined) return;
    if (this.tty) this.clear();
    this.out.write(`${terminalText(line)}\n`);
  }

  private draw(): void {
    const columns = Math.max(40, (this.out.columns ?? 100) - 1);
    const lines = [overallLine(this.overall)];
    for (const [id, e] of [...this.active].slice(0, 12)) {
      const name = terminalText(this.names.get(id) ?? id, 14).padEnd(14);
      lines.push(terminalText(`  ${name} ${describePhase(e)}`, columns));
    }
    if (this.active.size > 12) lines.push(`  ${cliWords()('cli.live.more', { count: this.active.size - 12 })}`);
    this.clear();
    this.out.write(`${lines.map((l) => l.slice(0, columns)).join('\n')}\n`);
    this.drawnLines = lines.length;
  }
}

function describeChange(name: string, e: ControllerEvent): string | undefined {
  const w = cliWords();
  // The runner's own count, carried by the event: the coalesced run-progress figure can be 100 ms old.
  const count = e.runDone === undefined || e.runTotal === undefined ? '' : `[${e.runDone}/${e.runTotal}] `;
  if (e.status === 'running' && e.phase === null)
    return `${count}${e.attempt > 1 ? w('cli.live.started-attempt', { name, attempt: e.attempt }) : w('cli.live.started', { name })}`;
  if (e.status === 'retry-wait') return `${count}↻ ${name} ${retryWords(e.message)}`;
  if (e.status === 'succeeded') {
    // English keeps the runner's message (the reason, or "Saved"); another language says the reason it stands for.
    const said = w.locale === 'en' ? e.message : (w.reason(e.outcome?.verdictReason ?? null) ?? w('phase.saved'));
    return `${count}✓ ${name} ${said}${e.bytes ? ` (${w.bytes(e.bytes)})` : ''}`;
  }
  if (e.status === 'failed')
    return `${count}✗ ${name} ${e.outcome?.errorCode ? w.failure(e.outcome.errorCode, e.message) : w.locale === 'en' ? e.message : w('phase.failed')}`;
  if (e.status === 'cancelled') return `${count}− ${w('cli.live.cancelled', { name })}`;
  return undefined;
}

/** "CODE: retrying in 5 s" (the runner's words) in the language in force. */
function retryWords(message: string): string {
  const w = cliWords();
  const m = /^(\w+): retrying in (\d+) s$/.exec(message);
  if (w.locale === 'en' || !m) return w.locale === 'en' ? message : w('status.retry-wait');
  return w('cli.live.retry', { title: w.title(m[1] ?? ''), seconds: Number(m[2]) });
}

function describePhase(e: ControllerEvent): string {
  const w = cliWords();
  if (e.phase === 'downloading' && e.totalBytes)
    return w('phase.downloading-of', { bytes: w.bytes(e.bytes), total: w.bytes(e.totalBytes) });
  if (w.locale === 'en' || e.phase === null) return e.message;
  return phaseWords(e);
}

/** A phase in words (the runner's message is English): the common catalogue's phase words. */
function phaseWords(e: ControllerEvent): string {
  const w = cliWords();
  switch (e.phase) {
    case 'waiting':
      return w('phase.waiting', { percent: w.number(Math.round(e.progress * 100)) });
    case 'downloading':
      return w('phase.downloading', { bytes: w.bytes(e.bytes) });
    case 'done':
      return w('phase.saved');
    case null:
      return '';
    default:
      return w(`phase.${e.phase}`);
  }
}

function overallLine(p: RunProgressEvent | undefined): string {
  const w = cliWords();
  if (!p) return w('phase.starting') + '…';
  const width = 24;
  const filled = p.total > 0 ? Math.round((p.done / p.total) * width) : 0;
  const eta = p.etaSeconds === null ? '' : w('cli.live.eta', { eta: w.duration(p.etaSeconds) });
  return `[${'█'.repeat(filled)}${'░'.repeat(width - filled)}] ${p.done}/${p.total} · ✓ ${p.succeeded} ✗ ${p.failed} · ${w('cli.live.running', { count: p.running })} · ${w.bytes(p.bytes)} · ${w.bytes(p.bytesPerSecond)}/s${eta}`;
}
