import { useEffect, useId, useRef, type ReactNode } from 'react';

/**
 * The one dialog of the app: a native modal <dialog> (the browser keeps the focus inside and the rest inert)
 * that asks before something that cannot be undone. The SAFE choice has the focus, so Enter or a slip of the
 * finger keeps things as they are; Esc is the safe choice too.
 */
export function ConfirmDialog({
  open,
  title,
  children,
  confirmLabel,
  safeLabel,
  onConfirm,
  onSafe,
  busy = false,
  tone = 'danger',
}: {
  open: boolean;
  title: string;
  children?: ReactNode;
  confirmLabel: string;
  safeLabel: string;
  onConfirm(): void;
  onSafe(): void;
  busy?: boolean;
  tone?: 'danger' | 'primary';
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  const safe = useRef<HTMLButtonElement>(null);
  const id = useId();
  useEffect(() => {
    const d = dialog.current;
    if (!d) return;
    if (open && !d.open) {
      // The element that had the focus gets it back when the question is answered.
      const before = document.activeElement as HTMLElement | null;
      d.showModal();
      safe.current?.focus();
      return () => {
        if (d.open) d.close();
        before?.focus?.();
      };
    }
    return undefined;
  }, [open]);
  if (!open) return null;
  return (
    <dialog
      ref={dialog}
      className="confirm-dialog"
      role="alertdialog"
      aria-labelledby={`${id}-title`}
      aria-describedby={children ? `${id}-body` : undefined}
      onCancel={(e) => {
        e.preventDefault();
        onSafe();
      }}
      onKeyDown={(e) => {
        if (e.key !== 'Escape') return;
        e.preventDefault();
        e.stopPropagation();
        onSafe();
      }}
    >
      <h2 id={`${id}-title`} className="dialog-title">
        {title}
      </h2>
      {children ? (
        <div id={`${id}-body`} className="dialog-body">
          {children}
        </div>
      ) : null}
      <div className="dialog-actions">
        <button ref={safe} type="button" className="button" onClick={onSafe}>
          {safeLabel}
        </button>
        <button type="button" className={`button ${tone}`} onClick={onConfirm} disabled={busy}>
          {confirmLabel}
        </button>
      </div>
    </dialog>
  );
}
