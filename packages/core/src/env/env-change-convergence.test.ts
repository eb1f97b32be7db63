// An env change is all or nothing and says what happened: the pointer switch is its commit point.
// Before it nothing is written; after it a failure is ENV_CHANGE_UNFINISHED (the env DID change)
// and the next run finishes the change. Sequence numbers come from the history folder, so a pointer
// deleted or put back by hand never makes a deployment collide with an entry. Real FileStores in
// temp folders; the router is a stand-in (no CDN runs here).
import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TagdeployError } from '../errors/tagdeploy-error';
import type { ObjectStore } from '../store/object-store';
import { applyDeployment } from './apply-deployment';
import type { DeploymentAction } from './env-state';
import { planDeployment } from './plan-deployment';
import { readEnvState } from './read-env-state';
import type { Router, RouterTarget } from './router-port';
import { runEnvChange } from './run-env-change';
import { StoreEnvBackend } from './store-env-backend';
import { withFailingCreates } from './testing/faulty-store';
import { aRecordingReporter, failure, fixedClock, seedRelease, stagingAndProduction, useTempFileStores } from './testing/env-builders';

const newStore = useTempFileStores();
const scope = { product: 'checkout', productEnvs: undefined, environments: stagingAndProduction() };
const history = (root: string, env = 'staging') => join(root, `checkout/envs/${env}/history`);
const pointerFile = (root: string, env = 'staging') => join(root, `checkout/envs/${env}.json`);

/** A CDN router stand-in: remembers what it serves per env; fails while `failing` is set. */
class StandInRouter implements Router {
  readonly type = 'stand-in';
  readonly live = new Map<string, string>();
  failing = false;

  async activate(target: RouterTarget): Promise<{ status: 'switched' }> {
    if (this.failing) throw new TagdeployError('ROUTER_UNAVAILABLE', 'The CDN API answered HTTP 503.');
    this.live.set(target.env, target.version);
    return { status: 'switched' };
  }

  async readLive(target: { env: string }): Promise<string | null> {
    return this.live.get(target.env) ?? null;
  }
}

async function aWorld(versions = ['0.1.0', '0.2.0', '0.3.0']) {
  const { store, root } = newStore();
  for (const version of versions) await seedRelease(store, 'checkout', version);
  const router = new StandInRouter();
  const reporter = aRecordingReporter();
  const backend = (over: ObjectStore = store) => new StoreEnvBackend({ store: over, router: () => router, reporter, clock: fixedClock() });
  const change = (action: DeploymentAction, env: string, release?: string, over?: ObjectStore) =>
    runEnvChange(backend(over), {
      scope,
      request: { action, env, ...(release ? { release } : {}), ...(action === 'rollback' ? { reason: 'bad totals' } : {}) },
      deployedBy: 'alice',
      approval: env === 'production' ? { approve: true, approvedBy: 'carol' } : {},
    });
  const recorded = async (env = 'staging') => (await readEnvState(store, 'checkout', env)).history.map((entry) => [entry.seq, entry.version]);
  const entryBytes = (env = 'staging') => readdirSync(history(root, env)).map((name) => `${name} ${readFileSync(join(history(root, env), name), 'utf8')}`);
  const pointer = async (env = 'staging') => (await readEnvState(store, 'checkout', env, { history: false })).pointer;
  return { store, root, router, reporter, change, recorded, entryBytes, pointer };
}

describe('a pointer deleted by hand, its history kept', () => {
  it('records the next deploy after the last entry, from nothing, says why, and rewrites no entry', async () => {
    const world = await aWorld();
    await world.change('deploy', 'staging', '0.1.0');
    await world.change('deploy', 'staging', '0.2.0');
    const entries = world.entryBytes();
    rmSync(pointerFile(world.root));

    const { result, text } = await world.change('deploy', 'staging', '0.3.0');

    expect(result.outcome.pointer).toMatchObject({ version: '0.3.0', previousVersion: null, seq: 3 });
    expect(text).toMatch(/^Deployed checkout in staging: nothing → 0\.3\.0, switched in \d+ ms\.$/);
    expect(world.reporter.lines).toContain('warn: staging: its pointer is missing but its history goes up to #2: the pointer was deleted or lost; this deploy starts from nothing and is recorded as #3');
    expect(await world.recorded()).toEqual([[1, '0.1.0'], [2, '0.2.0'], [3, '0.3.0']]);
    expect(world.entryBytes().slice(0, 2)).toEqual(entries);
    expect(world.router.live.get('staging')).toBe('0.3.0');
  });

  it('takes the next number when the release the history last recorded is deployed again', async () => {
    const world = await aWorld();
    await world.change('deploy', 'staging', '0.1.0');
    await world.change('deploy', 'staging', '0.2.0');
    rmSync(pointerFile(world.root));

    const { result } = await world.change('deploy', 'staging', '0.2.0');

    expect(result.outcome.pointer).toMatchObject({ version: '0.2.0', seq: 3 });
    expect(await world.recorded()).toEqual([[1, '0.1.0'], [2, '0.2.0'], [3, '0.2.0']]);
  });

  it('promotes into an env whose pointer was deleted, recorded after its last entry', async () => {
    const world = await aWorld();
    await world.change('deploy', 'staging', '0.1.0');
    await world.change('promote', 'production');
    await world.change('deploy', 'staging', '0.2.0');
    rmSync(pointerFile(world.root, 'production'));

    const { result } = await world.change('promote', 'production');

    expect(result.outcome.pointer).toMatchObject({ version: '0.2.0', seq: 2, approvedBy: 'carol' });
    expect(await world.recorded('production')).toEqual([[1, '0.1.0'], [2, '0.2.0']]);
  });
});

describe('an older pointer put back by hand', () => {
  it('starts the next deploy from the restored release, records it after the last entry, and keeps the entries', async () => {
    const world = await aWorld();
    for (const release of ['0.1.0', '0.2.0', '0.3.0']) await world.change('deploy', 'staging', release);
    const entries = world.entryBytes();
    copyFileSync(join(history(world.root), '000001.json'), pointerFile(world.root));

    const { result, text } = await world.change('deploy', 'staging', '0.3.0');

    expect(result.plan).toMatchObject({ status: 'ready', from: '0.1.0', to: '0.3.0', seq: 4 });
    expect(text).toMatch(/^Deployed checkout in staging: 0\.1\.0 → 0\.3\.0, switched in \d+ ms\.$/);
    expect(world.reporter.lines).toContain(
      'warn: staging: its pointer is #1 (0.1.0) but its history goes up to #3: an older pointer was put back by hand; this deploy starts from 0.1.0 and is recorded as #4',
    );
    expect(await world.recorded()).toEqual([[1, '0.1.0'], [2, '0.2.0'], [3, '0.3.0'], [4, '0.3.0']]);
    expect(world.entryBytes().slice(0, 3)).toEqual(entries);
  });

  it('records a rollback from a restored pointer after the last entry', async () => {
    const world = await aWorld();
    for (const release of ['0.1.0', '0.2.0', '0.3.0']) await world.change('deploy', 'staging', release);
    copyFileSync(join(history(world.root), '000002.json'), pointerFile(world.root));

    const { result } = await world.change('rollback', 'staging', '0.1.0');

    expect(result.outcome.pointer).toMatchObject({ version: '0.1.0', previousVersion: '0.2.0', seq: 4, action: 'rollback' });
    expect(await world.recorded()).toEqual([[1, '0.1.0'], [2, '0.2.0'], [3, '0.3.0'], [4, '0.1.0']]);
  });
});

describe('a history that cannot be written (after the pointer switch)', () => {
  const unfinished = (from: string, to: string, seq: number, entry: string) =>
    `staging of checkout changed: it now runs ${to} (was ${from}; deploy #${seq} by alice), but its history entry file:.tagdeploy/store/checkout/envs/staging/history/${entry} was not written (`;
  const finish = 'Fix that, then run "⟦deploy checkout --env=staging --release=0.2.0⟧": it finds 0.2.0 live and finishes the change, without changing anything else.';

  it('says the env changed, what is live and the command that finishes it; the router still switches', async () => {
    const world = await aWorld();
    await world.change('deploy', 'staging', '0.1.0');
    const faulty = withFailingCreates(world.store, (key) => key.includes('/history/'));

    const error = await failure(world.change('deploy', 'staging', '0.2.0', faulty.store));

    expect(error.code).toBe('ENV_CHANGE_UNFINISHED');
    expect(error.message).toContain(unfinished('0.1.0', '0.2.0', 2, '000002.json'));
    expect(error.message).toContain('EACCES: permission denied');
    expect(error.message).toMatch(new RegExp(`\\)\\. ${finish.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`));
    expect(await world.pointer()).toMatchObject({ version: '0.2.0', seq: 2 });
    expect(await world.recorded()).toEqual([[1, '0.1.0']]);
    expect(world.router.live.get('staging')).toBe('0.2.0');
  });

  it('converges: the command the error names writes the missing entry and changes nothing else', async () => {
    const world = await aWorld();
    await world.change('deploy', 'staging', '0.1.0');
    const faulty = withFailingCreates(world.store, (key) => key.includes('/history/'));
    await failure(world.change('deploy', 'staging', '0.2.0', faulty.store));
    const pointerBytes = readFileSync(pointerFile(world.root));
    faulty.heal();

    const { result, text } = await world.change('deploy', 'staging', '0.2.0', faulty.store);

    expect(text).toBe('checkout 0.2.0 is already live in staging; nothing changed.');
    expect(result.plan.status).toBe('already-live');
    expect(world.reporter.lines).toContain('warn: staging: wrote the missing history entry #2 (0.2.0) that an interrupted run left out');
    expect(await world.recorded()).toEqual([[1, '0.1.0'], [2, '0.2.0']]);
    expect(readFileSync(join(history(world.root), '000002.json'))).toEqual(pointerBytes);
    expect(readFileSync(pointerFile(world.root))).toEqual(pointerBytes);
    const { result: next } = await world.change('deploy', 'staging', '0.3.0');
    expect(next.outcome.pointer).toMatchObject({ version: '0.3.0', previousVersion: '0.2.0', seq: 3 });
  });

  it('refuses before the switch when the history folder cannot be read (a file where it goes): nothing changes', async () => {
    const world = await aWorld();
    await world.change('deploy', 'staging', '0.1.0');
    mkdirSync(join(world.root, 'checkout/envs/production'), { recursive: true });
    writeFileSync(history(world.root, 'production'), 'not a folder');

    const error = await failure(world.change('deploy', 'production', '0.1.0'));

    expect(error.code).toBe('STORE_UNAVAILABLE');
    expect(error.message).toContain('checkout/envs/production/history/000001.json');
    expect(error.message).toContain('ENOTDIR');
    expect(await world.pointer('production')).toBeNull();

    rmSync(history(world.root, 'production'));
    const { result } = await world.change('deploy', 'production', '0.1.0');

    expect(result.outcome.pointer).toMatchObject({ version: '0.1.0', seq: 1, approvedBy: 'carol' });
    expect(await world.recorded('production')).toEqual([[1, '0.1.0']]);
  });

  it('when the router fails too, says both; the next run writes the entry and switches the router', async () => {
    const world = await aWorld();
    await world.change('deploy', 'staging', '0.1.0');
    const faulty = withFailingCreates(world.store, (key) => key.includes('/history/'));
    world.router.failing = true;

    const error = await failure(world.change('deploy', 'staging', '0.2.0', faulty.store));

    expect(error.message).toContain(unfinished('0.1.0', '0.2.0', 2, '000002.json'));
    expect(error.message).toContain(', and the stand-in router has not switched to it (The CDN API answered HTTP 503). Fix that, then run');
    expect(world.router.live.get('staging')).toBe('0.1.0');

    faulty.heal();
    world.router.failing = false;
    await world.change('deploy', 'staging', '0.2.0');

    expect(await world.recorded()).toEqual([[1, '0.1.0'], [2, '0.2.0']]);
    expect(world.router.live.get('staging')).toBe('0.2.0');
    expect(world.reporter.lines).toContain('warn: staging: switched the stand-in router to 0.2.0 (it served 0.1.0), which an interrupted run left out');
  });
});

describe('a router that fails after the pointer switch', () => {
  it('says the env changed and the router has not; pointer and history are written; the next run switches the router', async () => {
    const world = await aWorld();
    await world.change('deploy', 'staging', '0.1.0');
    world.router.failing = true;

    const error = await failure(world.change('deploy', 'staging', '0.2.0'));

    expect(error.code).toBe('ENV_CHANGE_UNFINISHED');
    expect(error.message).toBe(
      'staging of checkout changed: it now runs 0.2.0 (was 0.1.0; deploy #2 by alice), but the stand-in router has not switched to it (The CDN API answered HTTP 503). ' +
        'Fix that, then run "⟦deploy checkout --env=staging --release=0.2.0⟧": it finds 0.2.0 live and finishes the change, without changing anything else.',
    );
    expect(await world.recorded()).toEqual([[1, '0.1.0'], [2, '0.2.0']]);
    expect(world.router.live.get('staging')).toBe('0.1.0');

    world.router.failing = false;
    const { text } = await world.change('deploy', 'staging', '0.2.0');

    expect(text).toBe('checkout 0.2.0 is already live in staging; nothing changed.');
    expect(world.router.live.get('staging')).toBe('0.2.0');
    expect(await world.recorded()).toEqual([[1, '0.1.0'], [2, '0.2.0']]);
  });

  it('a rerun while the router still fails says the change is unfinished, and writes nothing', async () => {
    const world = await aWorld();
    await world.change('deploy', 'staging', '0.1.0');
    world.router.failing = true;
    await failure(world.change('deploy', 'staging', '0.2.0'));
    const entries = world.entryBytes();

    const error = await failure(world.change('deploy', 'staging', '0.2.0'));

    expect(error.code).toBe('ENV_CHANGE_UNFINISHED');
    expect(error.message).toContain('it now runs 0.2.0 (was 0.1.0; deploy #2 by alice), but the stand-in router does not serve it yet (The CDN API answered HTTP 503)');
    expect(world.entryBytes()).toEqual(entries);
  });
});

describe('a history entry recorded by another writer between plan and switch', () => {
  it('is ENV_CONFLICT before the switch: the pointer stays as it was', async () => {
    const world = await aWorld();
    await world.change('deploy', 'staging', '0.1.0');
    rmSync(pointerFile(world.root));
    const plan = await planDeployment(world.store, scope, { action: 'deploy', env: 'staging', release: '0.2.0' });
    copyFileSync(join(history(world.root), '000001.json'), join(history(world.root), '000002.json'));

    const error = await failure(applyDeployment(plan, { store: world.store, clock: fixedClock(), reporter: world.reporter }, { deployedBy: 'alice', approvedBy: null }));

    expect(error.code).toBe('ENV_CONFLICT');
    expect(error.message).toContain('Nothing was written.');
    expect(await world.pointer()).toBeNull();
  });
});
