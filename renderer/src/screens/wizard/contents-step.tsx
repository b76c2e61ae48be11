import { Info } from 'lucide-react';
import { ALL_DATA_TYPES, DATA_TYPE_PRESETS, MAX_FILE_NAME, type DataType } from '../../../../preload/api';
import { useT } from '../../i18n/language';
import { fileNameWords } from '../../stores/wizard';
import { ErrorPanel } from '../../components/error-panel';
import { useWizard } from '../../stores/wizard';
import { EnvysionProjects } from './envysion-projects';

const PRESETS = ['all', 'config'] as const;

function sameTypes(a: DataType[], b: DataType[]): boolean {
  return a.length === b.length && b.every((t) => a.includes(t));
}

/** Step 4: where the controller writes the backup, its file name, the data types and the ENVYSION projects. */
export function ContentsStep() {
  const contents = useWizard((s) => s.contents);
  const setContents = useWizard((s) => s.setContents);
  const activity = useWizard((s) => s.activity);
  const t = useT();
  const nameProblem = contents.fileName === '' ? null : fileNameWords(contents.fileName);
  const toggle = (t: DataType, on: boolean): void => {
    const next = on ? [...contents.dataTypes, t] : contents.dataTypes.filter((x) => x !== t);
    // Kept in the documentation's order, so the request and the screen read the same.
    setContents({ dataTypes: ALL_DATA_TYPES.filter((x) => next.includes(x)) });
  };
  return (
    <div className="wizard-step-body">
      <fieldset className="choice-group inline">
        <legend className="field-label">{t('wizard.contents.where')}</legend>
        <label className="choice">
          <input
            type="radio"
            name="target"
            checked={contents.target === 'Device'}
            onChange={() => setContents({ target: 'Device' })}
          />
          <span>{t('wizard.contents.device')}</span>
        </label>
        <label className="choice">
          <input
            type="radio"
            name="target"
            checked={contents.target === 'UsbKey'}
            onChange={() => setContents({ target: 'UsbKey' })}
          />
          <span>{t('wizard.contents.usb')}</span>
        </label>
      </fieldset>
      {contents.target === 'UsbKey' ? (
        <p className="step-note tone-info">
          <Info size={18} aria-hidden />
          {t('wizard.contents.usb-note')}
        </p>
      ) : null}

      <div className="field narrow">
        <label htmlFor="wizard-file-name">{t('wizard.contents.file-name')}</label>
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
          {nameProblem ?? t('wizard.contents.file-name-help', { max: MAX_FILE_NAME })}
        </span>
      </div>

      <fieldset className="data-types">
        <legend className="field-label">{t('wizard.contents.types')}</legend>
        <div className="preset-row" role="group" aria-label={t('wizard.contents.presets')}>
          {PRESETS.map((p) => (
            <button
              key={p}
              type="button"
              className="button small"
              aria-pressed={sameTypes(contents.dataTypes, DATA_TYPE_PRESETS[p])}
              title={t(`preset.${p}.help`)}
              onClick={() => setContents({ dataTypes: [...DATA_TYPE_PRESETS[p]] })}
            >
              {t(`preset.${p}`)}
            </button>
          ))}
          <span className="field-help">
            {t('wizard.contents.chosen', { count: contents.dataTypes.length, total: ALL_DATA_TYPES.length })}
          </span>
        </div>
        <ul className="type-grid">
          {ALL_DATA_TYPES.map((type) => (
            <li key={type}>
              <label className="type-choice">
                <input
                  type="checkbox"
                  checked={contents.dataTypes.includes(type)}
                  onChange={(e) => toggle(type, e.target.checked)}
                />
                <span>
                  <span className="type-name">{type}</span>
                  <span className="type-meaning">{t(`dataType.${type}`)}</span>
                </span>
              </label>
            </li>
          ))}
        </ul>
        {contents.dataTypes.length === 0 ? (
          <p className="field-error" role="alert">
            {t('wizard.contents.no-type')}
          </p>
        ) : null}
      </fieldset>

      <EnvysionProjects />
      {activity.busy ? (
        <p className="step-status" role="status">
          {t('wizard.contents.starting-backup')}
        </p>
      ) : null}
      {activity.error ? <ErrorPanel error={activity.error} /> : null}
    </div>
  );
}
