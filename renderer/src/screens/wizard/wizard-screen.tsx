import { Page } from '../../components/page';

/** The one-controller backup wizard. (Being built.) */
export function WizardScreen() {
  return <Page title="Back up one controller">{null}</Page>;
}
