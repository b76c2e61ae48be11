import type { Desktop } from '../../main/app/app-context';

/** What the file and folder dialogs answer; a test changes these between calls (null = the user cancelled). */
export interface DesktopChoices {
  folder: string | null;
  saveFile: string | null;
  openFile: string | null;
  /** The technician's answer to a trust question (default no: nothing is trusted unless a test says so). */
  trust: boolean;
}

/** A Desktop that answers dialogs from `choices` and records what the app asked of the desktop. */
export interface FakeDesktop extends Desktop {
  choices: DesktopChoices;
  revealed: string[];
  opened: string[];
  notifications: Array<{ title: string; body: string }>;
  progress: Array<number | null>;
  trustQuestions: Array<{ question: string; detail: string }>;
}

/** A fake desktop for the harness: no dialogs, no taskbar, everything recorded. */
export function createFakeDesktop(choices: Partial<DesktopChoices> = {}): FakeDesktop {
  const desktop: FakeDesktop = {
    choices: { folder: null, saveFile: null, openFile: null, trust: false, ...choices },
    revealed: [],
    opened: [],
    notifications: [],
    progress: [],
    trustQuestions: [],
    chooseFolder: async () => desktop.choices.folder,
    chooseSaveFile: async () => desktop.choices.saveFile,
    chooseOpenFile: async () => desktop.choices.openFile,
    reveal: (path) => {
      desktop.revealed.push(path);
    },
    open: async (path) => {
      desktop.opened.push(path);
    },
    setProgress: (fraction) => {
      desktop.progress.push(fraction);
    },
    notify: (title, body) => {
      desktop.notifications.push({ title, body });
    },
    confirmTrust: async (o) => {
      desktop.trustQuestions.push(o);
      return desktop.choices.trust;
    },
  };
  return desktop;
}
