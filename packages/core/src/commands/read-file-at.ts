// A workspace file as committed at a git ref (e.g. the settings at HEAD), for a host's
// settingsAt(). The path is relative to the workspace root, which may be a folder inside the repo.
import { runGit } from '../git/git-cli';

/** The file's text at `ref`; undefined when there is nothing committed there (no repo, no such commit, no such file). */
export async function readFileAt(workspaceRoot: string, ref: string, path: string): Promise<string | undefined> {
  const commit = await runGit(workspaceRoot, ['rev-parse', '--verify', '-q', `${ref}^{commit}`], { okCodes: [1, 128] });
  if (commit.code !== 0) return undefined;
  const spec = `${commit.stdout.trim()}:./${path}`;
  const exists = await runGit(workspaceRoot, ['cat-file', '-e', spec], { okCodes: [1, 128] });
  if (exists.code !== 0) return undefined;
  return (await runGit(workspaceRoot, ['show', spec])).stdout;
}
