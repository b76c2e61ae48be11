import type { BulkEvent } from '../core/runs/bulk-events';
import type { ControllerEvent, RunProgressEvent } from '../../shared/run-events';
import { formatBytes } from './progress-line';
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
    if (this.active.size > 12) lines.push(`  … and ${this.active.size - 12} more`);
    this.clear();
    this.out.write(`${lines.map((l) => l.slice(0, columns)).join('\n')}\n`);
    this.drawnLines = lines.length;
  }
}

function describeChange(name: string, e: ControllerEvent): string | undefined {
  // The runner's own count, carried by the event: the coalesced run-progress figure can be 100 ms old.
  const count = e.runDone === undefined || e.runTotal === undefined ? '' : `[${e.runDone}/${e.runTotal}] `;
  if (e.status === 'running' && e.phase === null) return `${count}… ${name} started${e.attempt > 1 ? ` (attempt ${e.attempt})` : ''}`;
  if (e.status === 'retry-wait') return `${count}↻ ${name} ${e.message}`;
  if (e.status === 'succeeded') return `${count}✓ ${name} ${e.message}${e.bytes ? ` (${formatBytes(e.bytes)})` : ''}`;
  if (e.status === 'failed') return `${count}✗ ${name} ${e.message}`;
  if (e.status === 'cancelled') return `${count}− ${name} cancelled`;
  return undefined;
}

function describePhase(e: ControllerEvent): string {
  if (e.phase === 'downloading' && e.totalBytes) return `Downloading ${formatBytes(e.bytes)} of ${formatBytes(e.totalBytes)}`;
  return e.message;
}

function overallLine(p: RunProgressEvent | undefined): string {
  if (!p) return 'Starting…';
  const width = 24;
  const filled = p.total > 0 ? Math.round((p.done / p.total) * width) : 0;
  const eta = p.etaSeconds === null ? '' : ` · ETA ${formatDuration(p.etaSeconds)}`;
  return `[${'█'.repeat(filled)}${'░'.repeat(width - filled)}] ${p.done}/${p.total} · ✓ ${p.succeeded} ✗ ${p.failed} · ${p.running} running · ${formatBytes(p.bytes)} · ${formatBytes(p.bytesPerSecond)}/s${eta}`;
}

/** "42 s", "3 min", "1 h 05 min". */
export function formatDuration(seconds: number): string {
  if (seconds < 60) return `${Math.round(seconds)} s`;
  if (seconds < 3600) return `${Math.round(seconds / 60)} min`;
  const h = Math.floor(seconds / 3600);
  return `${h} h ${String(Math.round((seconds % 3600) / 60)).padStart(2, '0')} min`;
}
