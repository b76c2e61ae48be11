import { useState } from 'react';
import { DATA_TYPE_PRESETS, type ApiError, type SettingsView } from '../../../../preload/api';
import { toApiError } from '../../bridge/eclypse';
import { useBulk, type BulkPreset } from '../../stores/bulk';
import { useSettings } from '../../stores/settings';
import { useT } from '../../i18n/language';
import { errorHint } from '../../i18n/words';

const PRESETS: BulkPreset[] = ['all', 'config'];

/** How the run backs up: contents, where the controller builds the file, how many at once (saved in Settings). */
export function RunOptions() {
  const preset = useBulk((s) => s.preset);
  const target = useBulk((s) => s.target);
  const trustNew = useBulk((s) => s.trustNew);
  const t = useT();
  return (
    <section className="run-options card" aria-labelledby="options-title">
      <h2 id="options-title" className="section-title">
        {t('options.title')}
      </h2>
      <fieldset className="choice-group">
        <legend>{t('options.contents')}</legend>
        {PRESETS.map((p) => (
          <label key={p} className="choice">
            <input
              type="radio"
              name="preset"
              value={p}
              checked={preset === p}
              onChange={() => useBulk.getState().setPreset(p)}
            />
            <span>
              <span className="choice-word">{t(`options.preset.${p}`)}</span>
              <span className="choice-help">
                {p === 'all'
                  ? t('options.preset.all.help', { count: DATA_TYPE_PRESETS.all.length })
                  : t('preset.config.help')}
              </span>
            </span>
          </label>
        ))}
      </fieldset>
      <fieldset className="choice-group">
        <legend>{t('options.where')}</legend>
        <label className="choice">
          <input
            type="radio"
            name="target"
            value="Device"
            checked={target === 'Device'}
            onChange={() => useBulk.getState().setTarget('Device')}
          />
          <span className="choice-word">{t('options.device')}</span>
        </label>
        <label className="choice">
          <input
            type="radio"
            name="target"
            value="UsbKey"
            checked={target === 'UsbKey'}
            onChange={() => useBulk.getState().setTarget('UsbKey')}
          />
          <span className="choice-word">{t('options.usb')}</span>
        </label>
      </fieldset>
      <Pace />
      <fieldset className="choice-group">
        <legend>{t('options.first-contact')}</legend>
        <label className="choice">
          <input
            type="checkbox"
            checked={trustNew}
            onChange={(e) => useBulk.getState().setTrustNew(e.target.checked)}
          />
          <span>
            <span className="choice-word">{t('options.trust-new')}</span>
            <span className="choice-help">{t('options.trust-new.help')}</span>
          </span>
        </label>
      </fieldset>
    </section>
  );
}

/** Concurrency and the per-site limit: settings of the app, saved as soon as they are valid. */
function Pace() {
  const settings = useSettings((s) => s.settings);
  // Filled once, when the settings arrive (or at once when they are here): a later save's answer must not
  // overwrite what is being typed.
  const [concurrency, setConcurrency] = useState(() => concurrencyText(settings));
  const [perSite, setPerSite] = useState(() => perSiteText(settings));
  const [error, setError] = useState<ApiError | null>(null);
  const t = useT();
  const loaded = settings !== null;
  const [loadedSeen, setLoadedSeen] = useState(loaded);
  if (loaded !== loadedSeen) {
    setLoadedSeen(loaded);
    if (settings) {
      setConcurrency(concurrencyText(settings));
      setPerSite(perSiteText(settings));
    }
  }

  const save = (patch: { concurrency?: number; perSite?: number | null }): void => {
    setError(null);
    useSettings
      .getState()
      .save(patch)
      .catch((err: unknown) => setError(toApiError(err)));
  };
  const badConcurrency = !/^\d+$/.test(concurrency) || Number(concurrency) < 1 || Number(concurrency) > 32;
  const badPerSite = perSite !== '' && (!/^\d+$/.test(perSite) || Number(perSite) < 1 || Number(perSite) > 32);

  return (
    <fieldset className="choice-group pace">
      <legend>{t('options.pace')}</legend>
      <div className="pace-fields">
        <div className="field">
          <label htmlFor="bulk-concurrency">{t('options.concurrency')}</label>
          <input
            id="bulk-concurrency"
            type="number"
            min={1}
            max={32}
            value={concurrency}
            aria-invalid={badConcurrency}
            aria-describedby="bulk-concurrency-help"
            onChange={(e) => {
              setConcurrency(e.target.value);
              const n = Number(e.target.value);
              if (/^\d+$/.test(e.target.value) && n >= 1 && n <= 32 && n !== settings?.concurrency)
                save({ concurrency: n });
            }}
          />
          <span id="bulk-concurrency-help" className={badConcurrency ? 'field-error' : 'field-help'}>
            {badConcurrency ? t('options.concurrency.bad') : t('options.concurrency.help')}
          </span>
        </div>
        <div className="field">
          <label htmlFor="bulk-per-site">{t('options.per-site')}</label>
          <input
            id="bulk-per-site"
            type="number"
            min={1}
            max={32}
            value={perSite}
            placeholder={t('options.no-limit')}
            aria-invalid={badPerSite}
            aria-describedby="bulk-per-site-help"
            onChange={(e) => {
              setPerSite(e.target.value);
              const v = e.target.value;
              const n = v === '' ? null : Number(v);
              if ((n === null || (/^\d+$/.test(v) && n >= 1 && n <= 32)) && n !== settings?.perSite)
                save({ perSite: n });
            }}
          />
          <span id="bulk-per-site-help" className={badPerSite ? 'field-error' : 'field-help'}>
            {badPerSite ? t('options.per-site.bad') : t('options.per-site.help')}
          </span>
        </div>
      </div>
      {error ? <p className="field-error">{errorHint(error, t)}</p> : null}
    </fieldset>
  );
}

function concurrencyText(s: SettingsView | null): string {
  return s ? String(s.concurrency) : '';
}

function perSiteText(s: SettingsView | null): string {
  return s && s.perSite !== null ? String(s.perSite) : '';
}
