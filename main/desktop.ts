import {
  dialog,
  Notification,
  shell,
  type BrowserWindow,
  type OpenDialogOptions,
  type SaveDialogOptions,
} from 'electron';
import type { Desktop } from './app/app-context';

/** The Desktop of the app on Electron: native dialogs (modal to the window), reveal, taskbar/dock progress, notifications. */
export function createDesktop(window: () => BrowserWindow | null): Desktop {
  const parent = (): BrowserWindow | null => {
    const w = window();
    return w && !w.isDestroyed() ? w : null;
  };
  const open = async (options: OpenDialogOptions): Promise<string | null> => {
    const w = parent();
    const answer = w ? await dialog.showOpenDialog(w, options) : await dialog.showOpenDialog(options);
    return answer.canceled ? null : (answer.filePaths[0] ?? null);
  };

  return {
    async chooseSaveFile({ title, defaultName }) {
      const options: SaveDialogOptions = {
        title,
        defaultPath: defaultName,
        properties: ['createDirectory', 'showOverwriteConfirmation'],
      };
      const w = parent();
      const answer = w ? await dialog.showSaveDialog(w, options) : await dialog.showSaveDialog(options);
      return answer.canceled || !answer.filePath ? null : answer.filePath;
    },
    chooseOpenFile: ({ title, extensions }) =>
      open({
        title,
        properties: ['openFile'],
        filters: [
          { name: extensions.map((e) => e.toUpperCase()).join(', '), extensions },
          { name: 'All files', extensions: ['*'] },
        ],
      }),
    chooseFolder: ({ title }) => open({ title, properties: ['openDirectory', 'createDirectory'] }),
    reveal(path) {
      shell.showItemInFolder(path);
    },
    async open(path) {
      // openPath answers with an error text rather than throwing; the technician must see why nothing opened.
      const problem = await shell.openPath(path);
      if (problem) throw new Error(`Could not open ${path}: ${problem}`);
    },
    setProgress(fraction) {
      // -1 removes the bar; Electron shows values above 1 as "indeterminate", which a run never is.
      parent()?.setProgressBar(fraction === null ? -1 : Math.min(1, Math.max(0, fraction)));
    },
    async confirmTrust({ question, detail }) {
      // Asked by main, in a native dialog the renderer cannot draw or answer: trusting a certificate sends
      // stored passwords to that controller.
      const options = {
        type: 'warning' as const,
        buttons: ['Cancel', 'Trust'],
        defaultId: 0,
        cancelId: 0,
        noLink: true,
        title: 'Trust this controller?',
        message: question,
        detail,
      };
      const w = parent();
      const answer = w ? await dialog.showMessageBox(w, options) : await dialog.showMessageBox(options);
      return answer.response === 1;
    },
    notify(title, body) {
      if (Notification.isSupported()) new Notification({ title, body }).show();
    },
  };
}
