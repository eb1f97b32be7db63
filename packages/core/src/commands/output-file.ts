// --output-file (CLI) / --outputFile (Nx): where a command also writes its result as JSON. The path
// is tried before the command runs (opened for append, and removed again when it did not exist),
// so that an unwritable path refuses with nothing changed instead of failing after a release.
import { closeSync, existsSync, openSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { TagdeployError } from '../errors/tagdeploy-error';

/** Throws OUTPUT_FILE_UNWRITABLE unless `path` can be written; leaves no file behind. */
export function checkOutputFile(path: string, flag: string, cwd: string = process.cwd()): void {
  const file = resolve(cwd, path);
  const existed = existsSync(file);
  try {
    closeSync(openSync(file, 'a'));
    if (!existed) unlinkSync(file);
  } catch (error) {
    throw unwritable(path, flag, error as NodeJS.ErrnoException, 'Nothing was done: pick a path you can write, then run the command again.');
  }
}

/** Writes the result; a failure now (disk full, the folder removed meanwhile) says the command itself completed. */
export function writeOutputFile(path: string, flag: string, json: string, cwd: string = process.cwd()): void {
  try {
    writeFileSync(resolve(cwd, path), json);
  } catch (error) {
    throw unwritable(path, flag, error as NodeJS.ErrnoException, 'The command itself completed (its result is on stdout).');
  }
}

function unwritable(path: string, flag: string, error: NodeJS.ErrnoException, next: string): TagdeployError {
  const reasons: Record<string, string> = {
    ENOENT: `its folder ${dirname(path)} does not exist`,
    ENOTDIR: `a part of ${dirname(path)} is a file, not a folder`,
    EISDIR: 'it is a folder',
    EACCES: 'this user may not write there',
    EPERM: 'this user may not write there',
    EROFS: 'the file system is read-only',
  };
  const reason = reasons[error.code ?? ''] ?? (error.code ?? error.message);
  return new TagdeployError('OUTPUT_FILE_UNWRITABLE', `Cannot write ${flag} ${path}: ${reason}. ${next}`);
}
