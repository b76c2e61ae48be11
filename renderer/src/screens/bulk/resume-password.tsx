import { useId } from 'react';
import type { RunRecord } from '../../../../preload/api';
import { labelFor, type ControllerLabel } from './controller-directory';
import { useT } from '../../i18n/language';

/**
 * The controllers a resume or retry would contact that log in with a user name of their own and no credential
 * profile: their password was typed (in the wizard) and never stored, so it must be typed again.
 */
export function needingPassword(record: RunRecord, directory: Map<string, ControllerLabel>): ControllerLabel[] {
  return record.results
    .filter((r) => r.status !== 'succeeded')
    .map((r) => labelFor(r.controllerId, directory, record))
    .filter((l) => l.credential === null && l.username !== null);
}

/** As long as the contract takes (runs:resume). */
const MAX_PASSWORD = 256;

/**
 * The password field shown before a resume that needs one: for whom, which user, and that it is not kept.
 * It takes the focus when it appears (the button that asked for it waits for it), and Enter submits.
 */
export function ResumePassword({
  needing,
  value,
  onChange,
  onSubmit,
  focus = false,
}: {
  needing: ControllerLabel[];
  value: string;
  onChange: (password: string) => void;
  onSubmit: () => void;
  focus?: boolean;
}) {
  const id = useId();
  const t = useT();
  const users = [...new Set(needing.map((l) => l.username))];
  const names =
    needing.length <= 3
      ? needing.map((l) => l.name).join(', ')
      : t('common.and-more', {
          names: needing
            .slice(0, 3)
            .map((l) => l.name)
            .join(', '),
          count: needing.length - 3,
        });
  return (
    <div className="field resume-password">
      <label htmlFor={id}>{t('resume.password', { names, users: users.join(', ') })}</label>
      <input
        id={id}
        type="password"
        value={value}
        maxLength={MAX_PASSWORD}
        onChange={(e) => onChange(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && value !== '') onSubmit();
        }}
        autoComplete="off"
        // eslint-disable-next-line jsx-a11y/no-autofocus -- only when the technician's own Resume click asked for this password (`focus`); shown unasked, it leaves focus alone
        autoFocus={focus}
        aria-describedby={`${id}-why`}
      />
      <p id={`${id}-why`} className="field-help">
        {t('resume.why', { several: users.length > 1 ? 'yes' : 'no' })}
      </p>
    </div>
  );
}
