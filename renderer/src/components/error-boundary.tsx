import { Copy, FolderOpen, RotateCcw, TriangleAlert } from 'lucide-react';
import { Component, useRef, useState, type ErrorInfo, type ReactNode } from 'react';
import { eclypse, toApiError, unwrap } from '../bridge/eclypse';
import { logWindowError } from '../bridge/log';
import { useT } from '../i18n/language';

interface Caught {
  error: Error;
  componentStack: string;
  at: string;
}

/**
 * Catches what a screen throws while rendering, logs it with its stacks, and shows what happened instead of a
 * blank window: the technician can copy the details, open the logs folder, or reload. `resetKey` (the screen)
 * changing clears it, so the rest of the app stays usable.
 */
export class ErrorBoundary extends Component<
  { children: ReactNode; resetKey?: string; where: string },
  { caught: Caught | null; key: string | undefined }
> {
  override state: { caught: Caught | null; key: string | undefined } = { caught: null, key: this.props.resetKey };

  static getDerivedStateFromProps(
    props: { resetKey?: string },
    state: { caught: Caught | null; key: string | undefined },
  ) {
    return props.resetKey !== state.key ? { caught: null, key: props.resetKey } : null;
  }

  static getDerivedStateFromError(error: unknown): Partial<{ caught: Caught }> {
    return {
      caught: {
        error: error instanceof Error ? error : new Error(String(error)),
        componentStack: '',
        at: new Date().toISOString(),
      },
    };
  }

  override componentDidCatch(error: unknown, info: ErrorInfo): void {
    const componentStack = info.componentStack ?? '';
    this.setState((s) => (s.caught ? { ...s, caught: { ...s.caught, componentStack } } : s));
    logWindowError('render failed', error, { where: this.props.where, componentStack: componentStack.slice(0, 2000) });
  }

  override render(): ReactNode {
    const { caught } = this.state;
    if (!caught) return this.props.children;
    return <CrashPanel caught={caught} where={this.props.where} />;
  }
}

/** The text "Copy details" puts on the clipboard: what support needs to find the bug. */
function crashDetails(caught: Caught, where: string): string {
  return [
    `ECLYPSE Field Backup — ${where} failed at ${caught.at}`,
    `${caught.error.name}: ${caught.error.message}`,
    caught.error.stack ?? '',
    caught.componentStack ? `Component stack:${caught.componentStack}` : '',
  ]
    .filter(Boolean)
    .join('\n');
}

function CrashPanel({ caught, where }: { caught: Caught; where: string }) {
  const t = useT();
  const details = crashDetails(caught, where);
  const text = useRef<HTMLTextAreaElement>(null);
  const [said, setSaid] = useState<string | null>(null);
  const copy = async (): Promise<void> => {
    try {
      await navigator.clipboard.writeText(details);
      setSaid(t('crash.copied'));
    } catch {
      // No clipboard permission: the details are selected so that Ctrl+C copies them.
      text.current?.select();
      setSaid(t('crash.select-to-copy'));
    }
  };
  const openLogs = async (): Promise<void> => {
    try {
      const { path } = unwrap(await eclypse().logsOpenFolder({}));
      setSaid(t('crash.opened', { path }));
    } catch (err) {
      setSaid(t('crash.open-failed', { message: toApiError(err).message }));
    }
  };
  return (
    <div className="crash-panel" role="alert">
      <TriangleAlert size={28} aria-hidden className="error-icon" />
      <div className="crash-body">
        <h2>{t('crash.title')}</h2>
        <p>{t('crash.lead')}</p>
        <div className="error-actions">
          <button type="button" className="button primary" onClick={() => void copy()}>
            <Copy size={16} aria-hidden />
            {t('crash.copy')}
          </button>
          <button type="button" className="button" onClick={() => void openLogs()}>
            <FolderOpen size={16} aria-hidden />
            {t('diag.open-logs')}
          </button>
          <button type="button" className="button" onClick={() => window.location.reload()}>
            <RotateCcw size={16} aria-hidden />
            {t('crash.reload')}
          </button>
        </div>
        {said ? <p role="status">{said}</p> : null}
        <label className="crash-details">
          <span className="field-label">{t('crash.details')}</span>
          <textarea ref={text} readOnly rows={8} value={details} />
        </label>
      </div>
    </div>
  );
}
