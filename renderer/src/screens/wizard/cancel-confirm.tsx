import { ConfirmDialog } from '../../components/confirm-dialog';
import { useT } from '../../i18n/language';
import { useWizard } from '../../stores/wizard';

/** Asks before a running backup is stopped (Esc, or the footer's Cancel); the safe answer has the focus. */
export function CancelConfirm({ open, onKeep }: { open: boolean; onKeep: () => void }) {
  const t = useT();
  const cancel = useWizard((s) => s.cancel);
  return (
    <ConfirmDialog
      open={open}
      title={t('wizard.cancel.title')}
      confirmLabel={t('wizard.cancel.stop')}
      safeLabel={t('wizard.cancel.keep')}
      onSafe={onKeep}
      onConfirm={() => {
        onKeep();
        void cancel();
      }}
    >
      <p>{t('wizard.cancel.body')}</p>
    </ConfirmDialog>
  );
}
