/** How a command that talks to one controller is told to log in and what to trust (backup, diagnose). */
export interface LoginFlags {
  /** Required by commander: always given. */
  user: string;
  passwordEnv?: string;
  fingerprint?: string;
  trustNew?: boolean;
  ca?: string;
  http?: boolean;
  dataDir?: string;
}
