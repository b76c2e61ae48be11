import { Page } from '../../components/page';

/** The inventory by site. (Being built.) */
export function ControllersScreen() {
  return <Page title="Controllers">{null}</Page>;
}
