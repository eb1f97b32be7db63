// Reads the folder a build wrote: every file with its size, sha256, content type and cache
// policy, in path order. Refuses symlinks that lead out of the folder (they could publish any
// file of the machine) and names that are not text. Files are hashed as streams (any size),
// after the caller has seen the list: a file the store cannot take is refused before it is read.
import { readdir, realpath, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { TagdeployError } from '../errors/tagdeploy-error';
import { cachePolicyFor } from '../store/cache-policy';
import { contentTypeFor } from '../store/content-type';
import { hashFile } from '../store/stream-file';

export interface BuildOutputFile {
  /** Path inside the output folder, forward slashes. */
  path: string;
  absPath: string;
  size: number;
  sha256: string;
  contentType: string;
  cacheControl: string;
}

/** A file found in the build output, before it is hashed. */
export type ListedFile = Pick<BuildOutputFile, 'path' | 'absPath' | 'size'>;

const hashConcurrency = 16;

/** `beforeHashing` sees every file (path and size) first; it throws to refuse the output. */
export async function readBuildOutput(
  dir: string,
  displayPath: string,
  product: string,
  beforeHashing?: (files: readonly ListedFile[]) => Promise<void>,
): Promise<BuildOutputFile[]> {
  const root = await realpath(dir).catch(() => undefined);
  const rootStats = root ? await stat(root) : undefined;
  if (!root || !rootStats?.isDirectory()) {
    throw new TagdeployError(
      'BUILD_OUTPUT_MISSING',
      `Build output ${displayPath} does not exist after building ${product}${rootStats ? ' (it is a file, not a folder)' : ''}; check outputPath in tagdeploy.json.`,
    );
  }
  const found: ListedFile[] = [];
  await collect({ root, displayPath, product }, root, '', [root], found);
  if (found.length === 0) {
    throw new TagdeployError(
      'BUILD_OUTPUT_MISSING',
      `Build output ${displayPath} is empty after building ${product}; check that the build writes its files there (outputPath in tagdeploy.json).`,
    );
  }
  found.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  await beforeHashing?.(found);
  return mapBounded(found, hashConcurrency, async ({ path, absPath }) => {
    const { sha256, size } = await hashFile(absPath);
    return { path, absPath, size, sha256, contentType: contentTypeFor(path), cacheControl: cachePolicyFor(path) };
  });
}

interface Context {
  root: string;
  displayPath: string;
  product: string;
}

/** Walks a folder; `ancestors` are the real paths above, to stop symlink loops. */
async function collect(ctx: Context, realDir: string, relDir: string, ancestors: string[], found: ListedFile[]): Promise<void> {
  for (const entry of await readdir(realDir, { withFileTypes: true, encoding: 'buffer' })) {
    const name = entry.name.toString('utf8');
    const path = relDir ? `${relDir}/${name}` : name;
    // A name git and the stores could not spell: the string would not even open the file again.
    if (!Buffer.from(name, 'utf8').equals(entry.name)) throw unsafe(ctx, `a file name that is not valid UTF-8 (${JSON.stringify(path)}); rename it`);
    let absPath = join(realDir, name);
    if (entry.isSymbolicLink()) absPath = await followLink(ctx, absPath, path);
    const stats = await stat(absPath);
    if (stats.isDirectory()) {
      if (ancestors.includes(absPath)) throw unsafe(ctx, `a symlink loop at ${path}`);
      await collect(ctx, absPath, path, [...ancestors, absPath], found);
    } else if (stats.isFile()) {
      found.push({ path, absPath, size: stats.size });
    } else {
      throw unsafe(ctx, `${path}, which is neither a file nor a folder`);
    }
  }
}

async function followLink(ctx: Context, linkPath: string, path: string): Promise<string> {
  const target = await realpath(linkPath).catch(() => undefined);
  if (!target) throw unsafe(ctx, `a symlink ${path} whose target does not exist`);
  const inside = relative(ctx.root, target);
  if (inside === '..' || inside.startsWith(`..${sep}`) || inside.startsWith(sep)) {
    throw unsafe(ctx, `a symlink ${path} that points outside the folder, to ${target}; copy the file into the output instead`);
  }
  return target;
}

function unsafe(ctx: Context, what: string): TagdeployError {
  return new TagdeployError('UNSAFE_OUTPUT', `Build output ${ctx.displayPath} of ${ctx.product} contains ${what}. Fix the build of ${ctx.product} and run again.`);
}

async function mapBounded<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
