// A credential profile as the app and the CLI list it (never its password). Types only.

/** A credential profile as listed: who it logs in as and whether its password is in the keychain. */
export interface ProfileSummary {
  name: string;
  username: string;
  createdAt: string;
  updatedAt: string;
  hasSecret: boolean;
}
