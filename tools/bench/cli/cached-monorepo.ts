// A generated monorepo kept between benchmark runs, under the OS temp folder and keyed by what it
// is generated from (size, options, this repository's folder and the generators' own source), so
// that a change to any of them generates a new one. A dry run writes nothing that git tracks;
// the key's marker is written last, so that a run killed half-way is never reused.
//
// Each has remotes, as every real repository has: `origin`, a bare clone inside the .git folder
// (tag reads and pushes stay on this machine), and `upstream`, an https URL that nothing fetches.
// Nx derives its workspace id from a remote it can parse (not a file:// one: so upstream); with
// none, every Nx process (the CLI, each plugin worker, the executor's process) takes it from the
// first commit with `git rev-list --max-parents=0 HEAD`, a walk of the whole history: 0.2 to
// 1.2 s per process on 50,000 commits (measured by CPU profile), a cost no user with a remote pays.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateMonorepo, git, repoRoot, type GenerateOptions, type GeneratedMonorepo, type MonorepoSize } from '../plan/generate-monorepo';

export interface CachedMonorepo extends GeneratedMonorepo {
  /** Milliseconds spent generating it now; undefined when an earlier run's copy was reused. */
  generatedMs?: number;
}

const generatorSources = [join(repoRoot, 'tools/bench/plan/generate-monorepo.ts'), join(__dirname, 'turbo-layout.ts'), __filename];
const upstreamUrl = 'https://example.test/bench/monorepo.git';
const markerFile = 'tagdeploy-bench.json';

/** `name` and `params` (plain JSON: whatever the layout is made from) go into the folder's key. */
export async function cachedMonorepo(name: string, size: MonorepoSize, options: GenerateOptions, params: unknown): Promise<CachedMonorepo> {
  const key = createHash('sha256')
    .update(JSON.stringify({ size, released: options.released, params, repoRoot }))
    .update(generatorSources.map((file) => readFileSync(file, 'utf8')).join('\0'))
    .digest('hex')
    .slice(0, 16);
  const root = join(tmpdir(), 'tagdeploy-bench-cache', `${name}-${key}`);
  const cached = readMarker(root);
  if (cached) return cached;

  const started = performance.now();
  const building = `${root}.partial-${process.pid}`;
  rmSync(building, { recursive: true, force: true });
  const repo = await generateMonorepo(size, { ...options, root: building });
  const head = git(building, ['rev-parse', 'HEAD']).trim();
  rmSync(root, { recursive: true, force: true });
  renameSync(building, root);
  addRemotes(root);
  writeFileSync(join(root, '.git', markerFile), JSON.stringify({ product: repo.product, tag: repo.tag, range: repo.range, head }));
  return { ...repo, root, generatedMs: performance.now() - started };
}

/** An `origin` holding the same commits and tags (a bare clone, its objects hard-linked), and an `upstream` for Nx. */
function addRemotes(root: string): void {
  const bare = join(root, '.git', 'bench-origin.git');
  git(root, ['clone', '-q', '--bare', root, bare]);
  git(root, ['remote', 'add', 'origin', `file://${bare}`]);
  git(root, ['remote', 'add', 'upstream', upstreamUrl]);
}

function readMarker(root: string): GeneratedMonorepo | undefined {
  const file = join(root, '.git', markerFile);
  if (!existsSync(file)) return undefined;
  const marker = JSON.parse(readFileSync(file, 'utf8')) as Omit<GeneratedMonorepo, 'root'> & { head: string };
  // Reused only while its history is exactly the generated one.
  if (git(root, ['rev-parse', 'HEAD']).trim() !== marker.head || git(root, ['status', '--porcelain']).trim() !== '') return undefined;
  return { root, product: marker.product, tag: marker.tag, range: marker.range };
}
