import { Page } from '../../components/page';

/** The backups on this laptop. (Being built.) */
export function ArchiveScreen() {
  return <Page title="Archive">{null}</Page>;
}
