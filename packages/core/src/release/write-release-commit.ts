// "commit": true: write the version into the product's package.json (when it has one) and the
// changelog section at the top of its CHANGELOG.md, and commit both. Returns the new commit.
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Git } from '../git/git-port';
import type { ReleasePlan } from '../plan/release-plan';

export async function writeReleaseCommit(git: Git, plan: ReleasePlan, projectRoot: string): Promise<string> {
  const packageJson = join(projectRoot, 'package.json');
  const changelog = join(projectRoot, 'CHANGELOG.md');
  const paths = [changelog];
  if (existsSync(join(git.root, packageJson))) {
    const text = await readFile(join(git.root, packageJson), 'utf8');
    const current = (JSON.parse(text) as { version?: unknown }).version;
    // Edit the text, not a re-serialised object, so that the file keeps its formatting.
    const updated =
      typeof current === 'string'
        ? text.replace(`"version": "${current}"`, `"version": "${plan.version}"`)
        : text.replace(/^\{/, `{\n  "version": "${plan.version}",`);
    await writeFile(join(git.root, packageJson), updated);
    paths.push(packageJson);
  }
  await writeFile(join(git.root, changelog), prependSection(await readOptional(join(git.root, changelog)), plan.changelog));
  return git.commit(paths, `chore(release): ${plan.tag}`);
}

const title = '# Changelog\n\n';

export function prependSection(current: string, section: string): string {
  const body = current.startsWith(title) ? current.slice(title.length) : current;
  return `${title}${section.trimEnd()}\n\n${body}`.trimEnd() + '\n';
}

async function readOptional(path: string): Promise<string> {
  return existsSync(path) ? readFile(path, 'utf8') : '';
}
