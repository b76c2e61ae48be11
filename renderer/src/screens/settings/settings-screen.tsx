import { Page } from '../../components/page';

/** Settings and credential profiles. (Being built.) */
export function SettingsScreen() {
  return <Page title="Settings">{null}</Page>;
}
