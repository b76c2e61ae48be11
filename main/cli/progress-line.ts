import type { BackupProgress } from '../core/backup/pipeline';
import { formatBytes } from '../core/units';
import { cliWords } from './language';
import { terminalText } from './terminal-text';

export { formatBytes };

/**
 * Shows backup progress on stderr: one live line on a terminal, plain lines otherwise (logs, CI), at most
 * one line per phase change or each tenth of a download.
 */
export class ProgressLine {
  private lastPhase = '';
  private lastTenth = -1;
  private lastDraw = 0;
  private downloadStart = 0;
  private readonly tty: boolean;

  constructor(
    private readonly label: string,
    private readonly out: NodeJS.WriteStream = process.stderr,
  ) {
    this.tty = out.isTTY === true;
  }

  /** Renders one progress report. */
  update(p: BackupProgress): void {
    if (p.phase === 'downloading' && this.downloadStart === 0) this.downloadStart = Date.now();
    // The message may quote the controller; our own escape codes are added after it is made safe.
    const text = terminalText(`${this.label} ${this.describe(p)}`);
    if (this.tty) {
      const now = Date.now();
      if (p.phase === this.lastPhase && now - this.lastDraw < 100) return;
      this.lastDraw = now;
      this.lastPhase = p.phase;
      this.out.write(`\r\u001b[2K${text.slice(0, (this.out.columns ?? 100) - 1)}`);
      return;
    }
    const tenth = Math.floor(p.progress * 10);
    if (p.phase === this.lastPhase && tenth === this.lastTenth) return;
    this.lastPhase = p.phase;
    this.lastTenth = tenth;
    this.out.write(`${text}\n`);
  }

  /** Ends the live line so later output starts on a fresh line. */
  end(): void {
    if (this.tty && this.lastPhase) this.out.write('\n');
  }

  private describe(p: BackupProgress): string {
    const w = cliWords();
    if (p.phase !== 'downloading' || !p.totalBytes) return w.locale === 'en' ? p.message : phaseWords(p);
    const seconds = (Date.now() - this.downloadStart) / 1000;
    const rate = seconds > 0.2 ? ` · ${w.bytes(p.bytes / seconds)}/s` : '';
    return `${w('phase.downloading-of', { bytes: w.bytes(p.bytes), total: w.bytes(p.totalBytes) })}${rate}`;
  }
}

/** A backup's phase in words (the pipeline's message is English): the common catalogue's phase words. */
function phaseWords(p: BackupProgress): string {
  const w = cliWords();
  switch (p.phase) {
    case 'waiting':
      return w('phase.waiting', { percent: w.number(Math.round(p.progress * 100)) });
    case 'downloading':
      return w('phase.downloading', { bytes: w.bytes(p.bytes) });
    case 'done':
      return w('phase.saved');
    default:
      return w(`phase.${p.phase}`);
  }
}
