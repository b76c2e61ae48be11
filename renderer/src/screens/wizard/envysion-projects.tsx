import { useWizard } from '../../stores/wizard';
import { useT } from '../../i18n/language';
import { errorHint } from '../../i18n/words';
import { failureRoute } from './failure-routes';

/** The ENVYSION projects read from the controller, each chosen by default; a failure to read them is not fatal. */
export function EnvysionProjects() {
  const contents = useWizard((s) => s.contents);
  const setContents = useWizard((s) => s.setContents);
  const goTo = useWizard((s) => s.goTo);
  const t = useT();
  const { projects, chosenProjects, projectsLoading, projectsError } = contents;
  const toggle = (name: string, on: boolean): void => {
    const next = on ? [...chosenProjects, name] : chosenProjects.filter((p) => p !== name);
    setContents({ chosenProjects: (projects ?? []).filter((p) => next.includes(p)) });
  };
  return (
    <fieldset className="envysion">
      <legend className="field-label">{t('wizard.envysion.title')}</legend>
      {projectsLoading ? (
        <p className="step-status" role="status">
          {t('wizard.envysion.reading')}
        </p>
      ) : projectsError ? (
        <p className="step-note tone-warn" role="status">
          <span>
            {t.rich('wizard.envysion.failed', {
              b: (chunks) => <strong>{chunks}</strong>,
              hint: errorHint(projectsError, t),
            })}
          </span>
          {failureRoute(projectsError.code).step === 'signin' ? (
            <button type="button" className="button small" onClick={() => goTo('signin')}>
              {t('wizard.route.signin')}
            </button>
          ) : null}
        </p>
      ) : projects === null ? null : projects.length === 0 ? (
        <p className="field-help">{t('wizard.envysion.none')}</p>
      ) : (
        <ul className="project-list">
          {projects.map((p) => (
            <li key={p}>
              <label className="choice">
                <input
                  type="checkbox"
                  checked={chosenProjects.includes(p)}
                  onChange={(e) => toggle(p, e.target.checked)}
                />
                <span>{p}</span>
              </label>
            </li>
          ))}
        </ul>
      )}
    </fieldset>
  );
}
