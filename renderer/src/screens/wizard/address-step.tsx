import type { ApiError } from '../../../../preload/api';
import { ErrorPanel } from '../../components/error-panel';
import { addressProblem, portOf, useWizard } from '../../stores/wizard';

const UNREACHABLE_WAYS: Partial<Record<ApiError['code'], string>> = {
  UNREACHABLE: 'Check the address and port below, then check the certificate again.',
  TIMEOUT: 'Check the address below, then check the certificate again; a busy controller may need a second try.',
  TLS_FAILED: 'Check the port (HTTPS is usually 443) and that HTTPS is enabled on the controller.',
};

/** Step 1: where the controller is, and optionally what to call it and where it stands. */
export function AddressStep({ showProblems }: { showProblems: boolean }) {
  const address = useWizard((s) => s.address);
  const setAddress = useWizard((s) => s.setAddress);
  const activity = useWizard((s) => s.activity);
  const problem = showProblems ? addressProblem(address) : null;
  return (
    <div className="wizard-step-body">
      <p className="step-lead">Enter the controller&apos;s address. The app reads its certificate first, so you can check it is the right controller before anything is sent to it.</p>
      <div className="field-row">
        <div className="field grow">
          <label htmlFor="wizard-host">IP address or host name</label>
          <input
            id="wizard-host"
            type="text"
            value={address.host}
            onChange={(e) => setAddress({ host: e.target.value })}
            placeholder="192.168.1.20"
            autoComplete="off"
            spellCheck={false}
            aria-invalid={problem !== null && !address.host.trim() ? true : undefined}
          />
        </div>
        <div className="field port">
          <label htmlFor="wizard-port">Port</label>
          <input
            id="wizard-port"
            type="text"
            inputMode="numeric"
            value={address.port}
            onChange={(e) => setAddress({ port: e.target.value })}
            autoComplete="off"
            aria-invalid={showProblems && portOf(address.port) === null ? true : undefined}
          />
        </div>
      </div>
      <div className="field-row">
        <div className="field grow">
          <label htmlFor="wizard-name">Name <span className="optional">(optional)</span></label>
          <input id="wizard-name" type="text" value={address.name} onChange={(e) => setAddress({ name: e.target.value })} placeholder="AHU-1" autoComplete="off" />
        </div>
        <div className="field grow">
          <label htmlFor="wizard-site">Site <span className="optional">(optional)</span></label>
          <input id="wizard-site" type="text" value={address.site} onChange={(e) => setAddress({ site: e.target.value })} placeholder="North building" autoComplete="off" />
        </div>
      </div>
      {problem ? (
        <p className="field-error" role="alert">
          {problem}
        </p>
      ) : null}
      {activity.busy ? <p className="step-status" role="status">Reading the certificate of {address.host.trim()}…</p> : null}
      {activity.error ? (
        <ErrorPanel error={activity.error}>
          <p className="way-forward">{UNREACHABLE_WAYS[activity.error.code] ?? 'Correct the address if needed, then check the certificate again.'}</p>
        </ErrorPanel>
      ) : null}
    </div>
  );
}
