// Builders for GitOps tests: bare remotes in temp folders, private clones with a fixed identity,
// container releases sealed in a FileStore with their image manifest in a real OCI layout registry
// beside it (standing in for the registry host their names carry), and what the remote's branch says.
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach } from 'vitest';
import { silentReporter, systemClock } from '../../release/ports';
import { manifestKey } from '../../release/release-manifest';
import { OciLayoutRegistry } from '../../container/oci-layout-registry';
import { FileStore } from '../../store/file-store';
import type { ObjectStore } from '../../store/object-store';
import { GitGitOpsRepo } from '../git-gitops-repo';
import { GitopsEnvBackend, type GitopsEnvBackendPorts } from '../gitops-env-backend';

export const testGitConfig = {
  'user.name': 'Tess Tagger',
  'user.email': 'tess@example.test',
  'commit.gpgsign': 'false',
  'gc.auto': '0',
} as const;

const fixtureEnv = (): NodeJS.ProcessEnv => ({ ...process.env, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null', GIT_TERMINAL_PROMPT: '0', LC_ALL: 'C' });

export const git = (cwd: string, ...args: string[]): string =>
  execFileSync('git', args, { cwd, env: fixtureEnv(), encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'] }).trim();

/** The manifest of the image of `product` at `version` (deterministic, so that its digest is known). */
const imageManifestOf = (product: string, version: string): Buffer =>
  Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType: 'application/vnd.oci.image.manifest.v1+json', annotations: { 'org.opencontainers.image.version': `${product}:${version}` } }));

/** The digest of the image of `product` at `version`. */
export const digestOf = (product: string, version: string): string => `sha256:${createHash('sha256').update(imageManifestOf(product, version)).digest('hex')}`;

/** The registry of a test's container releases: an OCI layout folder beside its FileStore (removed with it). */
export function testRegistryOf(store: ObjectStore): OciLayoutRegistry {
  return new OciLayoutRegistry(testRegistryRoot(store), 'oci:test-registry');
}

/** Deletes the image of a sealed release from the test registry (as a registry clean-up would). */
export function removeTestImage(store: ObjectStore, product: string, version: string): void {
  rmSync(join(testRegistryRoot(store), product, 'blobs', 'sha256', digestOf(product, version).slice('sha256:'.length)));
}

function testRegistryRoot(store: ObjectStore): string {
  if (!(store instanceof FileStore)) throw new Error('the GitOps fixtures keep their test registry beside a FileStore');
  return join(dirname(store.rootDir), 'registry');
}

export const repositoryOf = (product: string): string => `127.0.0.1:5000/${product}`;

/** Call at the top of a test file: makes temp folders and opened repos, all removed after each test. */
export function useGitopsFixtures() {
  const cleanups: (() => unknown)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });
  const tempDir = (prefix = 'tagdeploy-gitops-test-'): string => {
    const dir = mkdtempSync(join(tmpdir(), prefix));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    return dir;
  };
  return {
    tempDir,
    /** An empty bare repo (branch main) in `baseDir/name`; returns its path. */
    bareRemote(baseDir = tempDir(), name = 'gitops.git'): string {
      const dir = join(baseDir, name);
      git(baseDir, 'init', '-q', '--bare', '-b', 'main', dir);
      git(dir, 'config', 'gc.auto', '0');
      return dir;
    },
    /** A private clone with the test identity and short backoff. */
    async open(url: string, remote = url): Promise<GitGitOpsRepo> {
      const repo = await GitGitOpsRepo.open({ url, remote, branch: 'main', gitConfig: testGitConfig, retry: { baseDelayMs: 5, maxDelayMs: 50, attempts: 10 } });
      cleanups.push(() => repo.close());
      return repo;
    },
    defer(cleanup: () => unknown): void {
      cleanups.push(cleanup);
    },
  };
}

/** The commit main points at in a bare repo (null when it has none). */
export function remoteHead(bareDir: string): string | null {
  try {
    return git(bareDir, 'rev-parse', '--verify', '-q', 'refs/heads/main');
  } catch {
    return null;
  }
}

/** A file at main of a bare repo. */
export const remoteFile = (bareDir: string, path: string): string => git(bareDir, 'show', `main:${path}`);

/** Seals a container release the way release-product does: its image in the test registry (unless pushed is false), then release.json. */
export async function sealContainerRelease(
  store: ObjectStore,
  product: string,
  version: string,
  changelog = `## ${version}\n\n- change ${version}\n`,
  options: { pushed?: boolean } = {},
): Promise<void> {
  if (options.pushed !== false) {
    await testRegistryOf(store).putManifest(product, { mediaType: 'application/vnd.oci.image.manifest.v1+json', digest: digestOf(product, version), bytes: imageManifestOf(product, version) });
  }
  const manifest = {
    schemaVersion: 1,
    product,
    kind: 'container',
    version,
    tag: `${product}@${version}`,
    commit: createHash('sha1').update(version).digest('hex'),
    builtAt: '2024-05-01T09:00:00.000Z',
    tool: { name: '@tagdeploy/core', version: '0.1.0' },
    changelog,
    files: [],
    image: { repository: repositoryOf(product), reference: `${repositoryOf(product)}:${version}`, digest: digestOf(product, version) },
  };
  const body = Buffer.from(JSON.stringify(manifest, null, 2));
  await store.create(manifestKey(product, version), body, { contentType: 'application/json', sha256: createHash('sha256').update(body).digest('hex') });
}

/** The GitOps env backend over an opened repo (kustomize, quiet, the system clock, the test registry unless given). */
export function aGitopsBackend(ports: Pick<GitopsEnvBackendPorts, 'store' | 'repo'> & Partial<GitopsEnvBackendPorts>): GitopsEnvBackend {
  const images = (pullName: string) => ({ registry: testRegistryOf(ports.store), repository: pullName.slice(pullName.lastIndexOf('/') + 1) });
  return new GitopsEnvBackend({ layout: 'kustomize', reporter: silentReporter, clock: systemClock, images, ...ports });
}
