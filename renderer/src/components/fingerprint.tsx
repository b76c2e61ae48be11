import { Check, Copy } from 'lucide-react';
import { useState } from 'react';
import { useT } from '../i18n/language';
import { groupHex } from './format';

/**
 * A fingerprint or SHA-256 in monospace groups, with a copy button. With `compareTo`, groups that differ from
 * the other value are highlighted (a changed certificate shown beside the pinned one).
 */
export function Fingerprint({
  value,
  label,
  compareTo,
  short = false,
}: {
  value: string;
  label: string;
  compareTo?: string | null;
  short?: boolean;
}) {
  const t = useT();
  const [copied, setCopied] = useState(false);
  // Short: the first groups, enough to tell backups apart at a glance; the copy button still copies all of it.
  const groups = short ? [...groupHex(value).slice(0, 3), '…'] : groupHex(value);
  const other = compareTo ? groupHex(compareTo) : null;
  const copy = async (): Promise<void> => {
    try {
      await navigator.clipboard.writeText(value);
      setCopied(true);
      setTimeout(() => setCopied(false), 1500);
    } catch {
      // No clipboard permission (a test browser): the value stays selectable on screen.
    }
  };
  return (
    <span className="fingerprint">
      <code aria-label={label} data-value={value} title={short ? value : undefined}>
        {groups.map((g, i) => (
          <span key={i} className={other && other[i] !== g ? 'fp-group differs' : 'fp-group'}>
            {g}
          </span>
        ))}
      </code>
      <button
        type="button"
        className="icon-button"
        onClick={() => void copy()}
        aria-label={t('common.copy', { label })}
        title={t('common.copy', { label })}
      >
        {copied ? <Check size={16} aria-hidden /> : <Copy size={16} aria-hidden />}
      </button>
    </span>
  );
}
