import { Page } from '../../components/page';

/** The bulk run dashboard. (Being built.) */
export function BulkScreen() {
  return <Page title="Bulk run">{null}</Page>;
}
