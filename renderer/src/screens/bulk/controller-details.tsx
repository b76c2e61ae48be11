import { phaseWords } from '../../components/phase-words';
import { useT } from '../../i18n/language';
import { errorHint, errorTitleOf } from '../../i18n/words';
import { useRuns } from '../../stores/runs';
import type { ControllerLabel } from './controller-directory';
import { resultsOf } from './run-row';
import { CloseButton } from '../../components/close-button';

/** One controller of a run in full: when it started and ended, its attempts, its short log, and why it failed. */
export function ControllerDetails({
  runId,
  label,
  onClose,
}: {
  runId: string;
  label: ControllerLabel;
  onClose(): void;
}) {
  const t = useT();
  const log = useRuns((s) => s.live[runId]?.log[label.id]);
  const result = useRuns((s) => {
    const record = s.live[runId]?.record;
    return record ? resultsOf(record).get(label.id) : undefined;
  });
  const first = log?.[0]?.at;
  const started = result?.startedAt ?? (first ? new Date(first).toISOString() : null);
  return (
    <section className="card controller-details" aria-label={t('run.details.title', { name: label.name })}>
      <div className="drawer-head">
        <h3>{t('run.details.title', { name: label.name })}</h3>
        <CloseButton onClose={onClose} />
      </div>
      <dl className="detail-list">
        <dt>{t('run.details.address')}</dt>
        <dd className="mono">{label.address}</dd>
        <dt>{t('run.details.started')}</dt>
        <dd>{t.dateTime(started)}</dd>
        <dt>{t('run.details.ended')}</dt>
        <dd>{result?.finishedAt ? t.dateTime(result.finishedAt) : t('run.details.not-ended')}</dd>
        {result ? (
          <>
            <dt>{t('run.col.attempts')}</dt>
            <dd>{result.attempts}</dd>
          </>
        ) : null}
        {result?.error ? (
          <>
            <dt>{t('run.details.why')}</dt>
            <dd>
              <strong>{errorTitleOf(result.error.code, t)}</strong> — {errorHint(result.error, t)}
              <details>
                <summary>{t('common.details-for-support')}</summary>
                <code>{result.error.code}</code> {result.error.message}
              </details>
            </dd>
          </>
        ) : null}
      </dl>
      {log && log.length > 0 ? (
        <ol className="controller-log" aria-label={t('run.details.log')}>
          {log.map((line, i) => (
            <li key={i}>
              <time className="mono">
                {new Date(line.at).toLocaleTimeString(t.locale, {
                  hour: '2-digit',
                  minute: '2-digit',
                  second: '2-digit',
                })}
              </time>{' '}
              {phaseWords(line.event)}
            </li>
          ))}
        </ol>
      ) : (
        <p className="muted">{t('run.details.no-log')}</p>
      )}
    </section>
  );
}
