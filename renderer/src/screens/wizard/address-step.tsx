import type { ApiError } from '../../../../preload/api';
import type { AppMessageKey } from '../../../../shared/messages/app';
import { ErrorPanel } from '../../components/error-panel';
import { useT } from '../../i18n/language';
import { addressProblem, effectiveAddress, useWizard } from '../../stores/wizard';

/** The way forward on this step for each failure of the certificate check; total over the error codes. */
const WAYS: Record<ApiError['code'], AppMessageKey> = {
  UNREACHABLE: 'wizard.address.way.unreachable',
  TIMEOUT: 'wizard.address.way.timeout',
  TLS_FAILED: 'wizard.address.way.tls',
  CERT_UNTRUSTED: 'wizard.address.way.other',
  CERT_CHANGED: 'wizard.address.way.other',
  AUTH_FAILED: 'wizard.address.way.other',
  FORBIDDEN: 'wizard.address.way.other',
  API_UNSUPPORTED: 'wizard.address.way.other',
  USB_KEY_MISSING: 'wizard.address.way.other',
  BAD_REQUEST: 'wizard.address.way.other',
  DEVICE_BUSY: 'wizard.address.way.other',
  DEVICE_ERROR: 'wizard.address.way.other',
  PROTOCOL_ERROR: 'wizard.address.way.other',
  JOB_FAILED: 'wizard.address.way.other',
  JOB_TIMEOUT: 'wizard.address.way.other',
  FILE_NOT_FOUND: 'wizard.address.way.other',
  DOWNLOAD_INCOMPLETE: 'wizard.address.way.other',
  ARCHIVE_INVALID: 'wizard.address.way.other',
  DISK_ERROR: 'wizard.address.way.other',
  CANCELLED: 'wizard.address.way.other',
  INVALID_INPUT: 'wizard.address.way.input',
  KEYCHAIN_UNAVAILABLE: 'wizard.address.way.other',
  FORBIDDEN_SENDER: 'wizard.address.way.other',
  INTERNAL_ERROR: 'wizard.address.way.other',
};

/** Step 1: where the controller is, and optionally what to call it and where it stands. */
export function AddressStep({ showProblems }: { showProblems: boolean }) {
  const t = useT();
  const address = useWizard((s) => s.address);
  const setAddress = useWizard((s) => s.setAddress);
  const activity = useWizard((s) => s.activity);
  const problem = showProblems ? addressProblem(address) : null;
  const where = effectiveAddress(address);
  return (
    <div className="wizard-step-body">
      <p className="step-lead">{t('wizard.address.lead')}</p>
      <div className="field-row">
        <div className="field grow">
          <label htmlFor="wizard-host">{t('wizard.address.host')}</label>
          <input
            id="wizard-host"
            type="text"
            value={address.host}
            onChange={(e) => setAddress({ host: e.target.value })}
            placeholder="192.168.1.20"
            autoComplete="off"
            spellCheck={false}
            aria-invalid={problem !== null ? true : undefined}
            aria-describedby="wizard-host-help"
          />
          <span id="wizard-host-help" className="field-help">
            {t('wizard.address.host-help')}
          </span>
        </div>
        <div className="field port">
          <label htmlFor="wizard-port">{t('wizard.address.port')}</label>
          <input
            id="wizard-port"
            type="text"
            inputMode="numeric"
            value={address.port}
            onChange={(e) => setAddress({ port: e.target.value })}
            autoComplete="off"
            aria-invalid={showProblems && problem !== null && where === null ? true : undefined}
          />
        </div>
      </div>
      <div className="field-row">
        <div className="field grow">
          <label htmlFor="wizard-name">
            {t('wizard.address.name')} <span className="optional">{t('common.optional')}</span>
          </label>
          <input
            id="wizard-name"
            type="text"
            value={address.name}
            onChange={(e) => setAddress({ name: e.target.value })}
            placeholder="AHU-1"
            autoComplete="off"
          />
        </div>
        <div className="field grow">
          <label htmlFor="wizard-site">
            {t('wizard.address.site')} <span className="optional">{t('common.optional')}</span>
          </label>
          <input
            id="wizard-site"
            type="text"
            value={address.site}
            onChange={(e) => setAddress({ site: e.target.value })}
            placeholder={t('wizard.address.site-example')}
            autoComplete="off"
          />
        </div>
      </div>
      {problem ? (
        <p className="field-error" role="alert">
          {problem}
        </p>
      ) : null}
      {activity.busy ? (
        <p className="step-status" role="status">
          {t('wizard.address.reading', { host: where?.host ?? address.host.trim() })}
        </p>
      ) : null}
      {activity.error ? (
        <ErrorPanel error={activity.error}>
          <p className="way-forward">{t(WAYS[activity.error.code])}</p>
        </ErrorPanel>
      ) : null}
    </div>
  );
}
