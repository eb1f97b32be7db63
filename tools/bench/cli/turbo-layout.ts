// The Turborepo + pnpm layout of the synthetic monorepo (generate-monorepo.ts): a package.json per
// package (workspace:* dependencies, a build script), turbo.json, pnpm-workspace.yaml, the
// pnpm-lock.yaml that `pnpm install` would write for them, and tagdeploy.config.json. turbo itself
// is linked from this repository's node_modules, not declared, so the lockfile holds only the
// workspace links.
import { readFileSync } from 'node:fs';
import { join, posix } from 'node:path';
import { linkIntoNodeModules, repoRoot, toJson, type MonorepoLayout, type Project } from '../plan/generate-monorepo';

const rootFiles = ['package.json', 'README.md', 'tsconfig.base.json'];
const turboJson = {
  $schema: './node_modules/turbo/schema.json',
  globalDependencies: ['tsconfig.base.json'],
  tasks: {
    build: { dependsOn: ['^build'], inputs: ['$TURBO_DEFAULT$', '!tagdeploy.json'], outputs: ['dist/**'], env: ['TAGDEPLOY_VERSION', 'TAGDEPLOY_TAG', 'TAGDEPLOY_COMMIT'] },
  },
};
/** Every package's build: copy its sources to dist (never run by the benchmarks, but real). */
const buildScript = `import { cpSync } from 'node:fs';\ncpSync('src', 'dist', { recursive: true });\n`;

/** `settings` is the workspace's tagdeploy.config.json; `product` names the first product. */
export function turboLayout(settings: Record<string, unknown>, product = 'checkout'): MonorepoLayout {
  return {
    product,
    rootFiles,
    rootFileContent,
    workspaceFiles(projects) {
      const files = new Map<string, string>();
      files.set('.gitignore', 'node_modules\n.turbo\ndist\n.tagdeploy\n');
      files.set('turbo.json', toJson(turboJson));
      files.set('pnpm-workspace.yaml', 'packages:\n  - apps/*\n  - libs/*\n');
      files.set('pnpm-lock.yaml', renderPnpmLock(projects));
      files.set('tagdeploy.config.json', toJson(settings));
      files.set('tools/build-package.mjs', buildScript);
      for (const file of rootFiles) files.set(file, rootFileContent(file, 0));
      for (const project of projects) {
        files.set(`${project.root}/package.json`, toJson(packageManifest(project)));
        if (project.isProduct) files.set(`${project.root}/tagdeploy.json`, toJson({ kind: 'static', buildTarget: 'build', outputPath: `${project.root}/dist` }));
      }
      return files;
    },
    linkNodeModules: (root) =>
      linkIntoNodeModules(root, { turbo: join(repoRoot, 'node_modules/turbo'), '.bin/turbo': '../turbo/bin/turbo' }),
  };
}

function packageManifest(project: Project) {
  const dependencies = Object.fromEntries(project.dependencies.map((name) => [name, 'workspace:*']));
  return { name: project.name, version: '0.0.0', private: true, type: 'module', scripts: { build: 'node ../../tools/build-package.mjs' }, dependencies };
}

function rootFileContent(file: string, change: number): string {
  if (file === 'package.json') {
    return toJson({ name: 'bench-turbo-monorepo', version: `0.0.${change}`, private: true, packageManager: `pnpm@${pnpmVersion()}`, scripts: { build: 'turbo run build' } });
  }
  if (file === 'tsconfig.base.json') return toJson({ compilerOptions: { target: 'ES2022', module: 'ESNext', strict: true }, revision: change });
  return `# Bench Turborepo\n\nRevision ${change}.\n`;
}

/** What `pnpm install` writes for workspace-only dependencies (checked against pnpm 10). */
function renderPnpmLock(projects: readonly Project[]): string {
  const roots = new Map(projects.map((project) => [project.name, project.root]));
  const importers = [...projects].sort((a, b) => compare(a.root, b.root)).map((project) => {
    if (project.dependencies.length === 0) return `  ${project.root}: {}\n`;
    const entries = [...project.dependencies].sort(compare).map((name) => {
      const target = posix.relative(project.root, roots.get(name) as string);
      return `      ${name}:\n        specifier: workspace:*\n        version: link:${target}\n`;
    });
    return `  ${project.root}:\n    dependencies:\n${entries.join('')}`;
  });
  const header = "lockfileVersion: '9.0'\n\nsettings:\n  autoInstallPeers: true\n  excludeLinksFromLockfile: false\n\nimporters:\n\n  .: {}\n";
  return `${header}\n${importers.join('\n')}`;
}

const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

let pinnedPnpm: string | undefined;

/** The pnpm this repository pins (root node_modules), which the benchmarks put on PATH. */
function pnpmVersion(): string {
  pinnedPnpm ??= (JSON.parse(readFileSync(join(repoRoot, 'node_modules/pnpm/package.json'), 'utf8')) as { version: string }).version;
  return pinnedPnpm;
}
