// Kill tests for deploy and rollback: a child process runs the real flow on a folder store and
// SIGKILLs itself (TAGDEPLOY_CRASH_AT, like a lost CI runner) at points inside the pointer swap and
// after it. Whatever it leaves (a lock, a temp file, a pointer without its history entry), the next
// run succeeds without a person's help and pointer and history converge.
import { execFile } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import type { DeploymentRequest } from './deployment-plan';
import { readEnvState } from './read-env-state';
import { runEnvChange } from './run-env-change';
import { StoreEnvBackend } from './store-env-backend';
import { LocalRouter } from '../router/local-router';
import { silentReporter, systemClock } from '../release/ports';
import { FileStore } from '../store/file-store';
import { aTempFileStore, seedRelease, stagingAndProduction } from './testing/env-builders';

// The tests run at once: each keeps its store until all are done.
const cleanups: (() => void)[] = [];
afterAll(() => cleanups.forEach((cleanup) => cleanup()));
function newStore() {
  const temp = aTempFileStore();
  cleanups.push(temp.cleanup);
  return temp;
}
const child = join(__dirname, 'testing/env-change-child.ts');

/** Runs one change in its own process; resolves with how it ended. */
async function inAChild(root: string, request: DeploymentRequest, crashAt: string): Promise<{ code: number | null; signal: string | null; output: string }> {
  const env = { ...process.env, TAGDEPLOY_CRASH_AT: crashAt };
  return promisify(execFile)(process.execPath, ['-r', 'tsx/cjs', child, root, JSON.stringify(request)], { env }).then(
    ({ stdout, stderr }) => ({ code: 0, signal: null, output: stdout + stderr }),
    (error: { code: number | null; signal: string | null; stdout: string; stderr: string }) => ({ code: error.code, signal: error.signal, output: error.stdout + error.stderr }),
  );
}

/** One change in this process, with a store of its own, like a command that runs after the killed one. */
function change(root: string, request: DeploymentRequest) {
  const store = new FileStore(root, 'file:.tagdeploy/store');
  return runEnvChange(new StoreEnvBackend({ store, router: () => new LocalRouter(store), reporter: silentReporter, clock: systemClock }), {
    scope: { product: 'checkout', productEnvs: undefined, environments: stagingAndProduction() },
    request,
    deployedBy: 'bob',
    approval: {},
  });
}

/** The files of the store's own bookkeeping (locks, temps) anywhere under the env folders. */
function bookkeeping(root: string): string[] {
  const walk = (dir: string): string[] =>
    existsSync(dir) ? readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : e.name.startsWith('.tagdeploy-') ? [join(dir, e.name)] : [])) : [];
  return [...walk(join(root, 'checkout/envs')), ...walk(join(root, '.meta/checkout/envs'))];
}

const deploy: DeploymentRequest = { action: 'deploy', env: 'staging', release: '0.3.0' };
// With --release, so that running it again is a retry (without, a second rollback goes one further back).
const rollback: DeploymentRequest = { action: 'rollback', env: 'staging', release: '0.1.0', reason: 'totals are wrong' };

// Where the kill lands, and what it leaves: whether the pointer had switched, and whether the lock stays behind.
const killPoints = [
  { at: 'swap-staged:1', switched: false, lockLeft: false },
  { at: 'swap-locked:1', switched: false, lockLeft: true },
  { at: 'swap-renamed:1', switched: true, lockLeft: true },
  { at: 'swap-sidecar:1', switched: true, lockLeft: true },
  { at: 'env-pointer:3', switched: true, lockLeft: false },
  { at: 'env-history:3', switched: true, lockLeft: false },
];
// A rollback is the same swap: three of the points (each a different state left) are enough for it.
const cases = [
  ...killPoints.map((point) => ({ ...point, request: deploy })),
  ...killPoints.filter((point) => ['swap-locked:1', 'swap-sidecar:1', 'env-pointer:3'].includes(point.at)).map((point) => ({ ...point, request: rollback })),
].map((point) => ({ ...point, name: `${point.request.action} killed at ${point.at}` }));

describe.concurrent('a deploy or rollback killed during the swap', () => {
  it.each(cases)('$name: the next run succeeds without a person, and pointer and history converge', async ({ at, switched, lockLeft, request }) => {
    const { store, root } = newStore();
    for (const version of ['0.1.0', '0.2.0', '0.3.0']) await seedRelease(store, 'checkout', version);
    await change(root, { action: 'deploy', env: 'staging', release: '0.1.0' });
    await change(root, { action: 'deploy', env: 'staging', release: '0.2.0' });
    const target = request.action === 'rollback' ? '0.1.0' : '0.3.0';

    const killed = await inAChild(root, request, at);

    expect(killed.signal, killed.output).toBe('SIGKILL');
    expect((await readEnvState(store, 'checkout', 'staging', { history: false })).pointer?.version).toBe(switched ? target : '0.2.0');
    expect(existsSync(join(root, 'checkout/envs/.tagdeploy-lock-staging.json'))).toBe(lockLeft);

    const again = await change(root, request);

    expect(again.text).toMatch(switched ? `checkout ${target} is already live in staging; nothing changed.` : /^(Deployed|Rolled back) checkout in staging: 0\.2\.0 → /);
    const state = await readEnvState(store, 'checkout', 'staging');
    expect(state.pointer).toMatchObject({ version: target, seq: 3, action: request.action });
    expect(state.history.map((entry) => [entry.seq, entry.version])).toEqual([[1, '0.1.0'], [2, '0.2.0'], [3, target]]);
    expect(readFileSync(join(root, 'checkout/envs/staging/history/000003.json'))).toEqual(readFileSync(join(root, 'checkout/envs/staging.json')));

    // The next swap of the env takes over a lock the killed run left, and removes its temp files.
    const next = await change(root, { action: 'deploy', env: 'staging', release: '0.2.0' });
    expect(next.result.outcome.pointer).toMatchObject({ version: '0.2.0', previousVersion: target, seq: 4 });
    expect(bookkeeping(root)).toEqual([]);
  });
});
