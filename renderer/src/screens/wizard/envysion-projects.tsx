import { useWizard } from '../../stores/wizard';
import { failureRoute } from './failure-routes';

/** The ENVYSION projects read from the controller, each chosen by default; a failure to read them is not fatal. */
export function EnvysionProjects() {
  const contents = useWizard((s) => s.contents);
  const setContents = useWizard((s) => s.setContents);
  const goTo = useWizard((s) => s.goTo);
  const { projects, chosenProjects, projectsLoading, projectsError } = contents;
  const toggle = (name: string, on: boolean): void => {
    const next = on ? [...chosenProjects, name] : chosenProjects.filter((p) => p !== name);
    setContents({ chosenProjects: (projects ?? []).filter((p) => next.includes(p)) });
  };
  return (
    <fieldset className="envysion">
      <legend className="field-label">ENVYSION projects</legend>
      {projectsLoading ? (
        <p className="step-status" role="status">
          Reading the ENVYSION projects from the controller…
        </p>
      ) : projectsError ? (
        <p className="step-note tone-warn" role="status">
          <span>
            <strong>The ENVYSION projects could not be read</strong> ({projectsError.message}) {projectsError.hint} The backup still includes every project the controller has.
          </span>
          {failureRoute(projectsError.code).step === 'signin' ? (
            <button type="button" className="button small" onClick={() => goTo('signin')}>
              Back to sign in
            </button>
          ) : null}
        </p>
      ) : projects === null ? null : projects.length === 0 ? (
        <p className="field-help">This controller has no ENVYSION project.</p>
      ) : (
        <ul className="project-list">
          {projects.map((p) => (
            <li key={p}>
              <label className="choice">
                <input type="checkbox" checked={chosenProjects.includes(p)} onChange={(e) => toggle(p, e.target.checked)} />
                <span>{p}</span>
              </label>
            </li>
          ))}
        </ul>
      )}
    </fieldset>
  );
}
