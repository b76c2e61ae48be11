/**
 * A thin progress bar with its meaning for screen readers; `value` is 0..1, null when not known yet. `busy`
 * draws a moving stripe instead of a made-up figure (the stage has no measure of its own).
 */
export function ProgressBar({
  value,
  label,
  tone = 'info',
  busy = false,
}: {
  value: number | null;
  label: string;
  tone?: 'info' | 'good' | 'bad' | 'warn';
  busy?: boolean;
}) {
  const percent = value === null ? null : Math.round(Math.min(1, Math.max(0, value)) * 100);
  return (
    <div
      className={`progress tone-${tone}${busy ? ' busy' : ''}`}
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={percent ?? undefined}
    >
      <div className="progress-fill" style={{ width: `${busy ? 30 : (percent ?? 0)}%` }} />
    </div>
  );
}
