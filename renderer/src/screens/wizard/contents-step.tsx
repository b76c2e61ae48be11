import { Info } from 'lucide-react';
import { ALL_DATA_TYPES, DATA_TYPE_PRESETS, DATA_TYPES, fileNameProblem, MAX_FILE_NAME, type DataType } from '../../../../preload/api';
import { ErrorPanel } from '../../components/error-panel';
import { useWizard } from '../../stores/wizard';
import { EnvysionProjects } from './envysion-projects';

const PRESETS: Array<{ key: keyof typeof DATA_TYPE_PRESETS; label: string; help: string }> = [
  { key: 'all', label: 'All', help: 'A full backup: everything a restore or an upgrade needs.' },
  { key: 'config', label: 'Configuration only', help: 'Leaves out trend logs, persisted values and module firmware: smaller and faster.' },
];

function sameTypes(a: DataType[], b: DataType[]): boolean {
  return a.length === b.length && b.every((t) => a.includes(t));
}

/** Step 4: where the controller writes the backup, its file name, the data types and the ENVYSION projects. */
export function ContentsStep() {
  const contents = useWizard((s) => s.contents);
  const setContents = useWizard((s) => s.setContents);
  const activity = useWizard((s) => s.activity);
  const nameProblem = contents.fileName === '' ? null : (fileNameProblem(contents.fileName) ?? null);
  const toggle = (t: DataType, on: boolean): void => {
    const next = on ? [...contents.dataTypes, t] : contents.dataTypes.filter((x) => x !== t);
    // Kept in the documentation's order, so the request and the screen read the same.
    setContents({ dataTypes: ALL_DATA_TYPES.filter((x) => next.includes(x)) });
  };
  return (
    <div className="wizard-step-body">
      <fieldset className="choice-group inline">
        <legend className="field-label">Where the controller saves the backup</legend>
        <label className="choice">
          <input type="radio" name="target" checked={contents.target === 'Device'} onChange={() => setContents({ target: 'Device' })} />
          <span>On the controller, then downloaded to this laptop</span>
        </label>
        <label className="choice">
          <input type="radio" name="target" checked={contents.target === 'UsbKey'} onChange={() => setContents({ target: 'UsbKey' })} />
          <span>On the USB key plugged into the controller</span>
        </label>
      </fieldset>
      {contents.target === 'UsbKey' ? (
        <p className="step-note tone-info">
          <Info size={18} aria-hidden />
          The backup stays on the USB key; nothing is downloaded to this laptop and it cannot be verified here.
        </p>
      ) : null}

      <div className="field narrow">
        <label htmlFor="wizard-file-name">File name</label>
        <input
          id="wizard-file-name"
          type="text"
          value={contents.fileName}
          onChange={(e) => setContents({ fileName: e.target.value })}
          aria-invalid={nameProblem ? true : undefined}
          aria-describedby="wizard-file-name-help"
          autoComplete="off"
          spellCheck={false}
        />
        <span id="wizard-file-name-help" className={nameProblem ? 'field-error' : 'field-help'} aria-live="polite">
          {nameProblem ?? `The controller adds the date and time and the extension. Up to ${MAX_FILE_NAME} characters; leave empty to let the controller name it.`}
        </span>
      </div>

      <fieldset className="data-types">
        <legend className="field-label">Data types</legend>
        <div className="preset-row" role="group" aria-label="Presets">
          {PRESETS.map((p) => (
            <button key={p.key} type="button" className="button small" aria-pressed={sameTypes(contents.dataTypes, DATA_TYPE_PRESETS[p.key])} title={p.help} onClick={() => setContents({ dataTypes: [...DATA_TYPE_PRESETS[p.key]] })}>
              {p.label}
            </button>
          ))}
          <span className="field-help">
            {contents.dataTypes.length} of {ALL_DATA_TYPES.length} chosen
          </span>
        </div>
        <ul className="type-grid">
          {ALL_DATA_TYPES.map((t) => (
            <li key={t}>
              <label className="type-choice">
                <input type="checkbox" checked={contents.dataTypes.includes(t)} onChange={(e) => toggle(t, e.target.checked)} />
                <span>
                  <span className="type-name">{t}</span>
                  <span className="type-meaning">{DATA_TYPES[t]}</span>
                </span>
              </label>
            </li>
          ))}
        </ul>
        {contents.dataTypes.length === 0 ? (
          <p className="field-error" role="alert">
            Choose at least one data type.
          </p>
        ) : null}
      </fieldset>

      <EnvysionProjects />
      {activity.busy ? <p className="step-status" role="status">Starting the backup…</p> : null}
      {activity.error ? <ErrorPanel error={activity.error} /> : null}
    </div>
  );
}
