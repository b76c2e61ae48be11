import { useId } from 'react';
import type { RunRecord } from '../../../../preload/api';
import { labelFor, type ControllerLabel } from './controller-directory';

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

/** The password field shown before a resume that needs one: for whom, which user, and that it is not kept. */
export function ResumePassword({ needing, value, onChange }: { needing: ControllerLabel[]; value: string; onChange: (password: string) => void }) {
  const id = useId();
  const users = [...new Set(needing.map((l) => l.username))].join(', ');
  const names = needing.length <= 3 ? needing.map((l) => l.name).join(', ') : `${needing.slice(0, 3).map((l) => l.name).join(', ')} and ${needing.length - 3} more`;
  return (
    <div className="field resume-password">
      <label htmlFor={id}>
        Password for {names} (user {users})
      </label>
      <input id={id} type="password" value={value} onChange={(e) => onChange(e.target.value)} autoComplete="off" aria-describedby={`${id}-why`} />
      <p id={`${id}-why`} className="field-help">
        It was typed for the first attempt and never stored. It is used for this retry only.
      </p>
    </div>
  );
}
