import { AlertOctagon } from 'lucide-react';
import type { ReactNode } from 'react';
import type { ApiError } from '../../../preload/api';
import { useT } from '../i18n/language';
import { errorHint } from '../i18n/words';

/**
 * A failure as a technician needs it: the hint in plain words first, what to do next (the caller's buttons),
 * and the code and message folded underneath for support. Never a stack trace.
 */
export function ErrorPanel({ error, title, children }: { error: ApiError; title?: string; children?: ReactNode }) {
  const t = useT();
  const hint = errorHint(error, t);
  return (
    <div className="error-panel" role="alert">
      <AlertOctagon size={22} aria-hidden className="error-icon" />
      <div className="error-body">
        <p className="error-title">{title ?? hint}</p>
        {title ? <p>{hint}</p> : null}
        {children ? <div className="error-actions">{children}</div> : null}
        <details>
          <summary>{t('common.details-for-support')}</summary>
          <p>
            <code>{error.code}</code> {error.message}
          </p>
        </details>
      </div>
    </div>
  );
}
