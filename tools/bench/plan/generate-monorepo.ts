// A deterministic synthetic Nx workspace for the plan benchmark: P products on L shared libraries
// (a DAG), C conventional commits streamed into ONE `git fast-import`, and a release tag of the
// product under test early in history, so that its release range is most of the history.
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
  /** The product whose release is planned, and its last release tag. */
  product: string;
  tag: string;
}

const repoRoot = resolve(__dirname, '../../..');
const author = 'Bench <bench@example.com>';
const startTime = 1_700_000_000;
const commitTypes = ['feat', 'fix', 'fix', 'chore', 'feat!', 'perf', 'docs', 'refactor'];
const rootFiles = ['package-lock.json', 'package.json', 'README.md'];
/** The product under test and its last release, tagged 10% into history and sealed. */
const product = 'app-0';
const releasedVersion = '0.1.0';

export async function generateMonorepo(size: MonorepoSize): Promise<GeneratedMonorepo> {
  const random = seededRandom(size.seed ?? 42);
  const root = mkdtempSync(join(tmpdir(), `tagdeploy-bench-${size.products}p-`));
  const projects = buildProjects(size, random);
  linkNodeModules(root);
  git(root, ['init', '-q', '-b', 'main']);
  await fastImport(root, streamHistory(size, projects, random));
  git(root, ['reset', '-q', '--hard', 'main']);
  await sealRelease(root, product, releasedVersion);
  return { root, product, tag: `${product}@${releasedVersion}` };
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
  const body = Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`);
  const sha256 = createHash('sha256').update(body).digest('hex');
  const store = core.resolveStore('file:.tagdeploy/store', root);
  await store.create(core.manifestKey(name, version), body, { contentType: 'application/json', sha256 });
}

interface Project {
  name: string;
  root: string;
  source: string;
  dependencies: string[];
  isProduct: boolean;
}

function buildProjects({ products, libs }: MonorepoSize, random: () => number): Project[] {
  const all: Project[] = [];
  for (let i = 0; i < libs; i++) {
    const dependencies = pickDistinct(i, Math.min(i, randomInt(random, 0, 3)), random).map((n) => `lib-${n}`);
    all.push({ name: `lib-${i}`, root: `libs/lib-${i}`, source: 'src/index.ts', dependencies, isProduct: false });
  }
  for (let i = 0; i < products; i++) {
    const dependencies = pickDistinct(libs, Math.min(libs, randomInt(random, 1, 4)), random).map((n) => `lib-${n}`);
    all.push({ name: `app-${i}`, root: `apps/app-${i}`, source: 'src/main.ts', dependencies, isProduct: true });
  }
  return all;
}

/** The fast-import stream: an initial commit with every file, then C commits, then the tags. */
function* streamHistory(size: MonorepoSize, projects: Project[], random: () => number): Generator<string> {
  yield commit(1, 'chore: scaffold the workspace', initialFiles(projects));
  const tagAt = 1 + Math.max(1, Math.floor(size.commits / 10));
  for (let i = 1; i <= size.commits; i++) {
    const files = new Map<string, string>();
    const count = randomInt(random, 1, 3);
    let scope = '';
    for (let f = 0; f < count; f++) {
      if (random() < 0.05) {
        const file = rootFiles[randomInt(random, 0, rootFiles.length - 1)];
        files.set(file, rootFileContent(file, i));
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
  yield tag(`${product}@0.0.1`, 1);
  yield tag(`${product}@${releasedVersion}`, tagAt);
  // Tags of other products, so that the tag listing has something to filter out.
  for (let p = 1; p < size.products; p += 7) yield tag(`app-${p}@1.0.0`, randomInt(random, 1, size.commits + 1));
  yield 'done\n';
}

function initialFiles(projects: Project[]): Map<string, string> {
  const files = new Map<string, string>();
  files.set('.gitignore', 'node_modules\n.nx\ndist\n.tagdeploy\n');
  files.set('nx.json', `${JSON.stringify(nxJson, null, 2)}\n`);
  for (const file of rootFiles) files.set(file, rootFileContent(file, 0));
  for (const project of projects) {
    const config = { name: project.name, implicitDependencies: project.dependencies };
    files.set(`${project.root}/project.json`, `${JSON.stringify(config, null, 2)}\n`);
    files.set(`${project.root}/${project.source}`, sourceContent(project, 0));
    if (project.isProduct) {
      const config = { kind: 'static', outputPath: `dist/apps/${project.name}` };
      files.set(`${project.root}/tagdeploy.json`, `${JSON.stringify(config, null, 2)}\n`);
    }
  }
  return files;
}

const nxJson = {
  $schema: './node_modules/nx/schemas/nx-schema.json',
  plugins: [{ plugin: '@tagdeploy/nx', options: { releaseBranch: 'main' } }],
};

function rootFileContent(file: string, change: number): string {
  const version = `0.0.${change}`;
  if (file === 'package.json') return `${JSON.stringify({ name: 'bench-monorepo', version, private: true }, null, 2)}\n`;
  if (file === 'package-lock.json') {
    const lock = { name: 'bench-monorepo', version, lockfileVersion: 3, requires: true, packages: { '': { name: 'bench-monorepo', version } } };
    return `${JSON.stringify(lock, null, 2)}\n`;
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

/**
 * A real node_modules folder with symlinks into this repository, so that the workspace resolves
 * the same nx and the freshly built tagdeploy packages. nx resolves its own dependencies from its
 * real path (this repository's node_modules), so they need no links of their own.
 */
function linkNodeModules(root: string): void {
  const links: Record<string, string> = {
    nx: join(repoRoot, 'node_modules/nx'),
    '@tagdeploy/nx': join(repoRoot, 'packages/nx'),
    '@tagdeploy/core': join(repoRoot, 'packages/core'),
  };
  for (const [name, target] of Object.entries(links)) {
    const link = join(root, 'node_modules', name);
    mkdirSync(dirname(link), { recursive: true });
    symlinkSync(target, link, 'dir');
  }
}

function git(cwd: string, args: string[]): string {
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
