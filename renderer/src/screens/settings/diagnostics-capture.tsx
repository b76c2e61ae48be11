import { FileSearch } from 'lucide-react';
import { useEffect, useRef, useState } from 'react';
import type { ApiError } from '../../../../preload/api';
import { toApiError } from '../../bridge/eclypse';
import { ErrorPanel } from '../../components/error-panel';
import { useArchive } from '../../stores/archive';
import { useInventory } from '../../stores/inventory';
import { useNavigation } from '../../stores/navigation';
import { DiagnosticsExportBlock } from './diagnostics-export';
import { useT } from '../../i18n/language';
import { RevealButton } from '../../components/reveal-button';

/**
 * Help → Export diagnostics: a capture (HAR) of what one trusted controller answers, for a bug report. It is
 * written into the archive's reports folder; nothing is created on the controller unless a backup is asked for.
 */
export function DiagnosticsCapture() {
  const rows = useInventory((s) => s.rows);
  const request = useNavigation((s) => s.diagnosticsRequest);
  const section = useRef<HTMLElement>(null);
  const [controllerId, setControllerId] = useState('');
  const [withBackup, setWithBackup] = useState(false);
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<{ path: string; summary: string[] } | null>(null);
  const [failure, setFailure] = useState<ApiError | null>(null);
  const t = useT();

  useEffect(() => {
    void useInventory.getState().load();
  }, []);
  useEffect(() => {
    if (request === 0) return;
    section.current?.scrollIntoView?.({ block: 'start' });
    section.current?.querySelector('button')?.focus();
  }, [request]);

  const trusted = rows.filter((r) => r.pinnedFingerprint !== null);
  const chosen = trusted.find((r) => r.controller.id === controllerId) ?? trusted[0];
  const needsPassword = chosen !== undefined && chosen.controller.credential === null;

  const capture = async (): Promise<void> => {
    if (!chosen) return;
    setBusy(true);
    setFailure(null);
    setDone(null);
    try {
      setDone(
        await useArchive.getState().captureDiagnostics({
          controllerId: chosen.controller.id,
          withBackup,
          ...(needsPassword && password ? { password } : {}),
        }),
      );
    } catch (err) {
      setFailure(toApiError(err));
    } finally {
      setPassword('');
      setBusy(false);
    }
  };

  return (
    <section ref={section} className="card settings-card" aria-labelledby="diagnostics-title">
      <h2 id="diagnostics-title">{t('diag.title')}</h2>
      <DiagnosticsExportBlock />
      <h3>{t('diag.capture-title')}</h3>
      <p className="muted">{t('diag.lead')}</p>
      {trusted.length === 0 ? (
        <p>{t('diag.trust-first')}</p>
      ) : (
        <form
          className="diagnostics-form"
          onSubmit={(e) => {
            e.preventDefault();
            void capture();
          }}
        >
          <label>
            <span className="field-label">{t('run.col.controller')}</span>
            <select
              value={chosen?.controller.id ?? ''}
              onChange={(e) => setControllerId(e.target.value)}
              disabled={busy}
            >
              {trusted.map((r) => (
                <option key={r.controller.id} value={r.controller.id}>
                  {r.controller.name} ({r.controller.host}:{r.controller.port})
                </option>
              ))}
            </select>
          </label>
          {needsPassword ? (
            <label>
              <span className="field-label">{t('diag.password', { user: chosen.controller.username ?? '—' })}</span>
              <input
                type="password"
                autoComplete="off"
                maxLength={256}
                value={password}
                onChange={(e) => setPassword(e.target.value)}
                disabled={busy}
              />
            </label>
          ) : null}
          <label className="checkbox-line">
            <input
              type="checkbox"
              checked={withBackup}
              onChange={(e) => setWithBackup(e.target.checked)}
              disabled={busy}
            />
            <span>{t('diag.with-backup')}</span>
          </label>
          <button type="submit" className="button primary" disabled={busy || (needsPassword && password === '')}>
            <FileSearch size={16} aria-hidden />
            {busy ? t('diag.capturing') : t('diag.capture')}
          </button>
        </form>
      )}
      {done ? (
        <div className="diagnostics-done" role="status">
          <p>{t.rich('diag.saved', { code: (chunks) => <code>{chunks}</code>, path: done.path })}</p>
          <ul>
            {done.summary.map((line) => (
              <li key={line}>{line}</li>
            ))}
          </ul>
          <RevealButton path={done.path} />
        </div>
      ) : null}
      {failure ? <ErrorPanel error={failure} title={t('diag.failed')} /> : null}
    </section>
  );
}
