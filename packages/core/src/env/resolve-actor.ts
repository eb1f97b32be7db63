// Who runs a command, for the deployment record: TAGDEPLOY_ACTOR (CI sets it, e.g. to the
// GitHub actor), else git's user.name, else the OS user.
import { userInfo } from 'node:os';
import { runGit } from '../git/git-cli';

export async function resolveActor(cwd: string, env: NodeJS.ProcessEnv = process.env): Promise<string> {
  const fromEnv = env.TAGDEPLOY_ACTOR?.trim();
  if (fromEnv) return fromEnv;
  const git = await runGit(cwd, ['config', 'user.name'], { okCodes: [1] }).catch(() => undefined);
  const name = git?.stdout.trim();
  if (name) return name;
  return userInfo().username;
}
