/**
 * A backup's path as archive:reveal takes it: relative to the archive folder (main resolves it against the
 * folder and refuses anything outside). The renderer has no Node `path`, so the prefix is compared by hand,
 * accepting either separator (Windows paths come with backslashes).
 */
export function pathInArchive(file: string, archiveFolder: string | null | undefined): string {
  if (!archiveFolder) return file;
  const root = archiveFolder.replace(/[\\/]+$/, '');
  const sameCase = /^[A-Za-z]:[\\/]/.test(root) ? (s: string) => s.toLowerCase() : (s: string) => s;
  if (sameCase(file).startsWith(sameCase(root)) && /^[\\/]/.test(file.slice(root.length)))
    return file.slice(root.length + 1);
  return file;
}
