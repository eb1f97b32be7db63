// A deterministic synthetic monorepo for the plan benchmarks: P products on L shared libraries
// (a DAG), C conventional commits streamed into ONE `git fast-import`, and a release tag of the
// product under test early in history, so that its release range is most of the history (or no
// release at all: then the range is the whole history). The layout writes the host's own files:
// an Nx workspace by default (nxLayout); tools/bench/cli has the Turborepo one.
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { mkdirSync, mkdtempSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { seededRandom } from '../../support/seeded-random';

export interface MonorepoSize {
  products: number;
  libs: number;
  commits: number;
  seed?: number;
}

export interface GeneratedMonorepo {
  root: string;
  /** The product whose release is planned, and its last release tag (none when never released). */
  product: string;
  tag?: string;
  /** The revisions its release plan reads: `<tag>..HEAD`, or `HEAD` (all history) when never released. */
  range: string;
}

export interface Project {
  name: string;
  /** Folder relative to the workspace root, e.g. libs/lib-3. */
  root: string;
  /** The one source file that commits change, relative to `root`. */
  source: string;
  /** Names of the libraries it depends on directly. */
  dependencies: string[];
  isProduct: boolean;
}

/** The files that make the history a workspace of one host. */
export interface MonorepoLayout {
  /** The first product, the one under test (the others are app-1, app-2, ...). */
  product: string;
  /** Every file of the first commit except the projects' sources: workspace files, manifests. */
  workspaceFiles(projects: readonly Project[]): Map<string, string>;
  /** Root files that about 5% of the changes touch, and their content after change n (0: first commit). */
  rootFiles: readonly string[];
  rootFileContent(file: string, change: number): string;
  /** Gives the workspace the tools it needs from this repository (links under node_modules). */
  linkNodeModules(root: string): void;
}

export interface GenerateOptions {
  /** Default: nxLayout(). */
  layout?: MonorepoLayout;
  /** Tag and seal a release of the product 10% into history (default true). */
  released?: boolean;
  /** An empty or missing folder to generate into (default: a new temp folder). */
  root?: string;
}

export const repoRoot = resolve(__dirname, '../../..');
const author = 'Bench <bench@example.com>';
const startTime = 1_700_000_000;
const commitTypes = ['feat', 'fix', 'fix', 'chore', 'feat!', 'perf', 'docs', 'refactor'];
/** The last release of the product under test, tagged 10% into history and sealed. */
const releasedVersion = '0.1.0';

export async function generateMonorepo(size: MonorepoSize, options: GenerateOptions = {}): Promise<GeneratedMonorepo> {
  const { layout = nxLayout(), released = true } = options;
  const random = seededRandom(size.seed ?? 42);
  const root = options.root ?? mkdtempSync(join(tmpdir(), `tagdeploy-bench-${size.products}p-`));
  mkdirSync(root, { recursive: true });
  const projects = buildProjects(size, layout.product, random);
  layout.linkNodeModules(root);
  git(root, ['init', '-q', '-b', 'main']);
  await fastImport(root, streamHistory(size, projects, layout, released, random));
  git(root, ['reset', '-q', '--hard', 'main']);
  if (!released) return { root, product: layout.product, range: 'HEAD' };
  await sealRelease(root, layout.product, releasedVersion);
  const tag = `${layout.product}@${releasedVersion}`;
  return { root, product: layout.product, tag, range: `${tag}..HEAD` };
}

/** The Nx workspace: a project.json per project (dependencies as implicitDependencies), nx.json with the plugin. */
export function nxLayout(pluginOptions: Record<string, unknown> = { releaseBranch: 'main' }, product = 'app-0'): MonorepoLayout {
  const rootFiles = ['package-lock.json', 'package.json', 'README.md'];
  return {
    product,
    rootFiles,
    rootFileContent: nxRootFileContent,
    workspaceFiles(projects) {
      const files = new Map<string, string>();
      files.set('.gitignore', 'node_modules\n.nx\ndist\n.tagdeploy\n');
      const nxJson = { $schema: './node_modules/nx/schemas/nx-schema.json', plugins: [{ plugin: '@tagdeploy/nx', options: pluginOptions }] };
      files.set('nx.json', toJson(nxJson));
      for (const file of rootFiles) files.set(file, nxRootFileContent(file, 0));
      for (const project of projects) {
        files.set(`${project.root}/project.json`, toJson({ name: project.name, implicitDependencies: project.dependencies }));
        if (project.isProduct) files.set(`${project.root}/tagdeploy.json`, toJson({ kind: 'static', outputPath: `dist/apps/${project.name}` }));
      }
      return files;
    },
    // nx resolves its own dependencies from its real path (this repository's node_modules), so
    // they need no links of their own.
    linkNodeModules: (root) =>
      linkIntoNodeModules(root, {
        nx: join(repoRoot, 'node_modules/nx'),
        '@tagdeploy/nx': join(repoRoot, 'packages/nx'),
        '@tagdeploy/core': join(repoRoot, 'packages/core'),
      }),
  };
}

/** Symlinks under the workspace's node_modules (name → absolute target), as a real install would have them. */
export function linkIntoNodeModules(root: string, links: Record<string, string>): void {
  for (const [name, target] of Object.entries(links)) {
    const link = join(root, 'node_modules', name);
    mkdirSync(dirname(link), { recursive: true });
    symlinkSync(target, link);
  }
}

export function toJson(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

/**
 * Writes the release.json of an existing tag into the workspace's default store, through core's
 * own store adapter, so that the release counts as sealed (else planning stops at UNSEALED_RELEASE).
 */
async function sealRelease(root: string, name: string, version: string): Promise<void> {
  const core = await import('@tagdeploy/core');
  const tag = `${name}@${version}`;
  const commit = git(root, ['rev-parse', `${tag}^{commit}`]).trim();
  const manifest = {
    schemaVersion: 1, product: name, kind: 'static', version, tag, commit, builtAt: new Date(startTime * 1000).toISOString(),
    tool: { name: '@tagdeploy/core', version: '0.0.0-bench' }, changelog: '', files: [],
  };
  const body = Buffer.from(toJson(manifest));
  const sha256 = createHash('sha256').update(body).digest('hex');
  const store = core.resolveStore('file:.tagdeploy/store', root);
  await store.create(core.manifestKey(name, version), body, { contentType: 'application/json', sha256 });
}

function buildProjects({ products, libs }: MonorepoSize, firstProduct: string, random: () => number): Project[] {
  const all: Project[] = [];
  for (let i = 0; i < libs; i++) {
    const dependencies = pickDistinct(i, Math.min(i, randomInt(random, 0, 3)), random).map((n) => `lib-${n}`);
    all.push({ name: `lib-${i}`, root: `libs/lib-${i}`, source: 'src/index.ts', dependencies, isProduct: false });
  }
  for (let i = 0; i < products; i++) {
    const dependencies = pickDistinct(libs, Math.min(libs, randomInt(random, 1, 4)), random).map((n) => `lib-${n}`);
    const name = i === 0 ? firstProduct : `app-${i}`;
    all.push({ name, root: `apps/${name}`, source: 'src/main.ts', dependencies, isProduct: true });
  }
  return all;
}

/** The fast-import stream: an initial commit with every file, then C commits, then the tags. */
function* streamHistory(size: MonorepoSize, projects: Project[], layout: MonorepoLayout, released: boolean, random: () => number): Generator<string> {
  const initial = layout.workspaceFiles(projects);
  for (const project of projects) initial.set(`${project.root}/${project.source}`, sourceContent(project, 0));
  yield commit(1, 'chore: scaffold the workspace', initial);
  const { rootFiles } = layout;
  const tagAt = 1 + Math.max(1, Math.floor(size.commits / 10));
  for (let i = 1; i <= size.commits; i++) {
    const files = new Map<string, string>();
    const count = randomInt(random, 1, 3);
    let scope = '';
    for (let f = 0; f < count; f++) {
      if (random() < 0.05) {
        const file = rootFiles[randomInt(random, 0, rootFiles.length - 1)];
        files.set(file, layout.rootFileContent(file, i));
      } else {
        const project = projects[randomInt(random, 0, projects.length - 1)];
        scope ||= project.name;
        files.set(`${project.root}/${project.source}`, sourceContent(project, i));
      }
    }
    const type = commitTypes[randomInt(random, 0, commitTypes.length - 1)];
    const breaking = type.endsWith('!');
    const header = `${type.replace('!', '')}${scope ? `(${scope})` : ''}${breaking ? '!' : ''}: change number ${i}`;
    const body = breaking ? `\n\nBREAKING CHANGE: change ${i} drops an old option.` : '';
    yield commit(i + 1, header + body, files);
  }
  if (released) {
    yield tag(`${layout.product}@0.0.1`, 1);
    yield tag(`${layout.product}@${releasedVersion}`, tagAt);
  }
  // Tags of other products, so that the tag listing has something to filter out.
  for (let p = 1; p < size.products; p += 7) yield tag(`app-${p}@1.0.0`, randomInt(random, 1, size.commits + 1));
  yield 'done\n';
}

function nxRootFileContent(file: string, change: number): string {
  const version = `0.0.${change}`;
  if (file === 'package.json') return toJson({ name: 'bench-monorepo', version, private: true });
  if (file === 'package-lock.json') {
    return toJson({ name: 'bench-monorepo', version, lockfileVersion: 3, requires: true, packages: { '': { name: 'bench-monorepo', version } } });
  }
  return `# Bench monorepo\n\nRevision ${change}.\n`;
}

function sourceContent(project: Project, change: number): string {
  return `// ${project.name}\nexport const revision = ${change};\n`;
}

function commit(mark: number, message: string, files: Map<string, string>): string {
  const when = `${startTime + mark * 60} +0000`;
  const changes = [...files].map(([path, content]) => `M 100644 inline ${path}\n${data(content)}`).join('');
  return `commit refs/heads/main\nmark :${mark}\nauthor ${author} ${when}\ncommitter ${author} ${when}\n${data(message)}${changes}\n`;
}

function tag(name: string, mark: number): string {
  return `tag ${name}\nfrom :${mark}\ntagger ${author} ${startTime + mark * 60 + 30} +0000\n${data(`Release ${name}`)}`;
}

function data(text: string): string {
  return `data ${Buffer.byteLength(text)}\n${text}\n`;
}

async function fastImport(root: string, stream: Iterable<string>): Promise<void> {
  const child = spawn('git', ['fast-import', '--quiet', '--done'], { cwd: root, stdio: ['pipe', 'ignore', 'pipe'] });
  const stderr: Buffer[] = [];
  child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
  const closed = once(child, 'close');
  for (const piece of stream) {
    if (!child.stdin.write(piece)) await once(child.stdin, 'drain');
  }
  child.stdin.end();
  const [code] = (await closed) as [number | null];
  if (code !== 0) throw new Error(`git fast-import failed in ${root} (exit ${code}): ${Buffer.concat(stderr).toString('utf8')}`);
}

export function git(cwd: string, args: string[]): string {
  const result = spawnSync('git', args, { cwd, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`git ${args.join(' ')} failed in ${cwd}: ${result.stderr}`);
  return result.stdout;
}

function randomInt(random: () => number, min: number, max: number): number {
  return min + Math.floor(random() * (max - min + 1));
}

/** `count` distinct integers below `limit`. */
function pickDistinct(limit: number, count: number, random: () => number): number[] {
  const picked = new Set<number>();
  while (picked.size < count) picked.add(randomInt(random, 0, limit - 1));
  return [...picked].sort((a, b) => a - b);
}
