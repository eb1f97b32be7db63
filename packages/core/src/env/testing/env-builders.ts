// Builders for env tests: real FileStores in temp folders, seeded releases, pointers, states.
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import { isTagdeployError, type TagdeployError } from '../../errors/tagdeploy-error';
import { manifestKey, releasePrefix, type ReleaseManifest } from '../../release/release-manifest';
import { silentReporter, type Clock, type Reporter } from '../../release/ports';
import { FileStore } from '../../store/file-store';
import type { ObjectStore } from '../../store/object-store';
import type { DeploymentFacts } from '../deployment-plan';
import { environmentSchema, type EnvironmentConfigInput, type EnvironmentsConfig } from '../environments-schema';
import { envHistoryKey, envPointerKey, serializeEnvPointer, type EnvPointer, type EnvState, type DeploymentAction } from '../env-state';

const sha = (body: Buffer): string => createHash('sha256').update(body).digest('hex');

/** A FileStore in a fresh temp folder; call cleanup() (e.g. in afterEach). */
export function aTempFileStore(): { store: FileStore; root: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'tagdeploy-env-'));
  const root = join(dir, 'store');
  return { store: new FileStore(root, 'file:.tagdeploy/store'), root, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export function environments(config: Record<string, EnvironmentConfigInput>): EnvironmentsConfig {
  return Object.fromEntries(Object.entries(config).map(([name, env]) => [name, environmentSchema.parse(env)]));
}

/** staging, then production promoted from it with approval required (the shop's setup). */
export const stagingAndProduction = (): EnvironmentsConfig =>
  environments({ staging: {}, production: { promoteFrom: 'staging', approval: 'required' } });

export function anEnvPointer(overrides: Partial<EnvPointer> = {}): EnvPointer {
  return {
    product: 'checkout',
    env: 'staging',
    version: '0.1.0',
    previousVersion: null,
    seq: 1,
    action: 'deploy',
    deployedAt: '2024-05-01T10:00:00.000Z',
    deployedBy: 'alice',
    approvedBy: null,
    reason: null,
    ...overrides,
  };
}

type Step = string | { version: string; action?: DeploymentAction; by?: string };

/** The history an env would have after these deployments (oldest first); the pointer is the last. */
export function anEnvHistory(env: string, steps: Step[], product = 'checkout'): EnvPointer[] {
  const normalized = steps.map((step) => (typeof step === 'string' ? { version: step } : step));
  return normalized.map(({ version, action = 'deploy', by = 'alice' }, index) =>
    anEnvPointer({
      product,
      env,
      version,
      previousVersion: index === 0 ? null : normalized[index - 1].version,
      seq: index + 1,
      action,
      deployedBy: by,
      deployedAt: new Date(Date.UTC(2024, 4, 1, 10, index)).toISOString(),
    }),
  );
}

export function anEnvState(env: string, steps: Step[], product = 'checkout'): EnvState {
  const history = anEnvHistory(env, steps, product);
  const pointer = history.at(-1) ?? null;
  return { product, env, pointer, etag: pointer ? `etag-${env}-${pointer.seq}` : null, history };
}

/** Facts for plan tests: checkout with sealed 0.1.0..0.3.0, staging and production empty. */
export function someFacts(overrides: Partial<DeploymentFacts> = {}): DeploymentFacts {
  return {
    product: 'checkout',
    productEnvs: undefined,
    environments: stagingAndProduction(),
    releases: { sealed: ['0.1.0', '0.2.0', '0.3.0'], unsealed: ['0.4.0'] },
    target: anEnvState('staging', []),
    source: anEnvState('staging', []),
    ...overrides,
  };
}

/** Publishes a release (its files, then release.json unless sealed is false) like release-product does. */
export async function seedRelease(
  store: ObjectStore,
  product: string,
  version: string,
  files: Record<string, string> = { 'index.html': `<h1>${product} ${version}</h1>` },
  options: { sealed?: boolean; changelog?: string } = {},
): Promise<ReleaseManifest> {
  const manifestFiles = [];
  for (const [path, text] of Object.entries(files)) {
    const body = Buffer.from(text);
    const contentType = path.endsWith('.html') ? 'text/html; charset=utf-8' : 'application/javascript; charset=utf-8';
    await store.create(releasePrefix(product, version) + path, body, { contentType, sha256: sha(body) });
    manifestFiles.push({ path, size: body.length, sha256: sha(body), contentType });
  }
  const manifest: ReleaseManifest = {
    schemaVersion: 1,
    product,
    kind: 'static',
    version,
    tag: `${product}@${version}`,
    commit: createHash('sha1').update(version).digest('hex'),
    builtAt: '2024-05-01T09:00:00.000Z',
    tool: { name: '@tagdeploy/core', version: '0.1.0' },
    changelog: options.changelog ?? `## ${version} (2024-05-01)\n\n### Bug fixes\n\n- fix ${version}\n`,
    files: manifestFiles,
  };
  if (options.sealed !== false) {
    const body = Buffer.from(JSON.stringify(manifest, null, 2));
    await store.create(manifestKey(product, version), body, { contentType: 'application/json', sha256: sha(body) });
  }
  return manifest;
}

/** Writes pointer and history as deployments would have (for status and rollback tests). */
export async function seedEnvHistory(store: ObjectStore, env: string, steps: Step[], product = 'checkout'): Promise<void> {
  const history = anEnvHistory(env, steps, product);
  for (const entry of history) {
    const body = serializeEnvPointer(entry);
    await store.create(envHistoryKey(product, env, entry.seq), body, { contentType: 'application/json', sha256: sha(body) });
  }
  const last = history.at(-1);
  if (last) {
    const body = serializeEnvPointer(last);
    const current = await store.get(envPointerKey(product, env));
    await store.replace(envPointerKey(product, env), body, { contentType: 'application/json', sha256: sha(body) }, current?.head.etag ?? null);
  }
}

export const fixedClock = (iso = '2024-06-01T12:00:00.000Z'): Clock => ({ now: () => new Date(iso) });

export function aRecordingReporter(): Reporter & { lines: string[] } {
  const lines: string[] = [];
  return { ...silentReporter, lines, info: (m) => void lines.push(`info: ${m}`), warn: (m) => void lines.push(`warn: ${m}`) };
}

/** Call at the top of a test file: returns a maker of temp FileStores removed after each test. */
export function useTempFileStores(): () => { store: FileStore; root: string } {
  const cleanups: (() => void)[] = [];
  afterEach(() => cleanups.splice(0).forEach((cleanup) => cleanup()));
  return () => {
    const temp = aTempFileStore();
    cleanups.push(temp.cleanup);
    return temp;
  };
}

/** The TagdeployError a promise rejects with (fails the test on success or another error). */
export async function failure(promise: Promise<unknown>): Promise<TagdeployError> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  if (!isTagdeployError(error)) throw new Error(`expected a TagdeployError, got ${String(error)}`);
  return error;
}

/** The code and message of the TagdeployError a pure call throws. */
export function refusalOf(call: () => unknown): { code: string; message: string } {
  try {
    call();
  } catch (error) {
    if (isTagdeployError(error)) return { code: error.code, message: error.message };
    throw error;
  }
  throw new Error('expected a refusal, got a result');
}
