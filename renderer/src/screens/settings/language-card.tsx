import { useId, useState } from 'react';
import type { ApiError, SettingsView } from '../../../../preload/api';
import { LANGUAGE_SETTINGS, localeOf, type LanguageSetting } from '../../../../shared/locale';
import { toApiError } from '../../bridge/eclypse';
import { ErrorPanel } from '../../components/error-panel';
import { useT } from '../../i18n/language';
import { useSettings } from '../../stores/settings';

/** The language (the system's by default) and the density of table rows, each saved as soon as it is chosen. */
export function LanguageCard({ settings }: { settings: SettingsView }) {
  const t = useT();
  const id = useId();
  const [failure, setFailure] = useState<ApiError | null>(null);
  const system = localeOf('system', typeof navigator !== 'undefined' ? navigator.languages : []);
  const save = (work: () => Promise<void>): void => {
    setFailure(null);
    work().catch((err: unknown) => setFailure(toApiError(err)));
  };
  const label = (s: LanguageSetting): string =>
    s === 'system'
      ? t('settings.language.system', { language: t(`settings.language.${system}`) })
      : t(`settings.language.${s}`);
  return (
    <section className="card settings-card" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t('settings.language.title')}</h2>
      <div className="settings-grid">
        <div className="field">
          <label htmlFor={`${id}-language`}>{t('settings.language.label')}</label>
          <select
            id={`${id}-language`}
            value={settings.language ?? 'system'}
            aria-describedby={`${id}-language-help`}
            onChange={(e) => save(() => useSettings.getState().setLanguage(e.target.value as LanguageSetting))}
          >
            {LANGUAGE_SETTINGS.map((s) => (
              <option key={s} value={s} lang={s === 'system' ? undefined : s}>
                {label(s)}
              </option>
            ))}
          </select>
          <span id={`${id}-language-help`} className="field-help">
            {t('settings.language.help')}
          </span>
        </div>
        <fieldset className="format-choice">
          <legend>{t('settings.density.label')}</legend>
          {(['comfortable', 'compact'] as const).map((d) => (
            <label key={d} className="radio">
              <input
                type="radio"
                name={`${id}-density`}
                value={d}
                checked={(settings.density ?? 'comfortable') === d}
                onChange={() => save(() => useSettings.getState().save({ density: d }))}
              />
              {t(`settings.density.${d}`)}
            </label>
          ))}
        </fieldset>
      </div>
      {failure ? <ErrorPanel error={failure} title={t('settings.language.failed')} /> : null}
    </section>
  );
}
