import { randomBytes } from 'node:crypto';
import { constants as fsConstants } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { CodedError } from '../errors';

// A backup holds the controller's user database and its certificates: only the technician's account may read
// the archive. On POSIX its folders are 0700 and its files 0600; on Windows the archive inherits the ACL of
// the user's profile folder (mode bits mean nothing there). Another account that can write somewhere in the
// archive could plant a link so that our next write lands in its place: no write here follows a link.

/** Mode of every folder the tool creates in the archive (POSIX). */
const PRIVATE_FOLDER_MODE = 0o700;
/** Mode of every file the tool writes in the archive (POSIX). */
export const PRIVATE_FILE_MODE = 0o600;

const POSIX = process.platform !== 'win32';
// Undefined on Windows; there a link at the final name is refused by O_EXCL alone.
const NO_FOLLOW = fsConstants.O_NOFOLLOW ?? 0;

/**
 * Creates (0700) or checks every folder from the archive root down to `folder`, before anything is written
 * in it. Refuses, with what to do: an archive root every user may write into; a folder below it that is a
 * link, belongs to another user, or is writable by every user. Folders of ours that others can read are
 * closed to them (0700). The root may itself be a link: that is the technician's own choice of folder.
 */
export async function prepareArchiveFolder(archiveRoot: string, folder: string): Promise<void> {
  const root = path.resolve(archiveRoot);
  const rel = path.relative(root, path.resolve(folder));
  if (rel.startsWith('..') || path.isAbsolute(rel))
    throw new CodedError('DISK_ERROR', `Refusing to write outside the archive folder: ${folder}`);
  await fs.mkdir(root, { recursive: true, mode: PRIVATE_FOLDER_MODE });
  await checkRoot(root);
  let current = root;
  for (const part of rel === '' ? [] : rel.split(path.sep)) {
    current = path.join(current, part);
    await fs.mkdir(current, { mode: PRIVATE_FOLDER_MODE }).catch((err: NodeJS.ErrnoException) => {
      if (err.code !== 'EEXIST') throw err;
    });
    await checkOwnFolder(current);
  }
}

async function checkRoot(root: string): Promise<void> {
  if (!POSIX) return;
  const st = await fs.stat(root);
  if (!st.isDirectory())
    throw new CodedError('DISK_ERROR', `The archive folder ${root} is not a folder. Choose another archive folder.`);
  if ((st.mode & 0o002) !== 0) {
    throw new CodedError(
      'DISK_ERROR',
      `The archive folder ${root} can be changed by every user of this computer (mode ${octal(st.mode)}): backups hold the controllers' user accounts and certificates. Choose a folder of your own, or close it to other users (chmod o-w "${root}").`,
    );
  }
}

async function checkOwnFolder(dir: string): Promise<void> {
  const st = await fs.lstat(dir);
  if (st.isSymbolicLink() || !st.isDirectory()) {
    throw new CodedError(
      'DISK_ERROR',
      `${dir} in the archive is ${st.isSymbolicLink() ? 'a link' : 'not a folder'}: refusing to write through it. Someone placed it there; remove it, then try again.`,
    );
  }
  if (!POSIX) return;
  if (typeof process.getuid === 'function' && st.uid !== process.getuid()) {
    throw new CodedError(
      'DISK_ERROR',
      `${dir} in the archive belongs to another user (uid ${st.uid}): refusing to write into it. Move it away, or choose an archive folder of your own.`,
    );
  }
  if ((st.mode & 0o077) !== 0) {
    // Ours, but open to others (made by an earlier version, or by hand): closed, since backups are private.
    await fs.chmod(dir, PRIVATE_FOLDER_MODE);
  }
}

/**
 * Writes `text` to `target` atomically (a fresh temporary file, fsync, rename) as a private file (0600). The
 * temporary file is created exclusively, without following links, and the rename replaces whatever is at
 * `target` (a planted link included) instead of writing through it. write-file-atomic resolves links first.
 */
export async function writePrivateFile(target: string, text: string | Uint8Array): Promise<void> {
  const temp = `${target}.${process.pid}-${randomBytes(6).toString('hex')}.tmp`;
  const handle = await fs.open(
    temp,
    fsConstants.O_WRONLY | fsConstants.O_CREAT | fsConstants.O_EXCL | NO_FOLLOW,
    PRIVATE_FILE_MODE,
  );
  try {
    await handle.writeFile(text);
    await handle.sync();
  } catch (err) {
    await handle.close().catch(() => undefined);
    await fs.rm(temp, { force: true });
    throw err;
  }
  await handle.close();
  try {
    await fs.rename(temp, target);
  } catch (err) {
    await fs.rm(temp, { force: true });
    throw err;
  }
}

function octal(mode: number): string {
  return `0${(mode & 0o777).toString(8)}`;
}
