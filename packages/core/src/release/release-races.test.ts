// Two releases of one commit at once, from two clones of one remote into one store: exactly one
// publishes and seals; the other ends "released by someone else" (a normal outcome), takes the
// remote's tag, and never leaves a file of its own in the winner's folder. Real git and a real
// FileStore; the windows a race can hit are each forced once, then raced for real.
import { afterEach, describe, expect, it } from 'vitest';
import type { Git } from '../git/git-port';
import type { TempRepo } from '../git/testing/git-fixture';
import type { ReleasePlan } from '../plan/release-plan';
import { renderReleasePlan } from '../report/render-release-plan';
import type { ObjectStore } from '../store/object-store';
import { createReleaseWorld, type ReleaseWorld, type Run } from './testing/release-world';

let world: ReleaseWorld;
afterEach(() => world?.cleanup());

const tagOf = (repo: TempRepo, tag: string): string => repo.git('for-each-ref', '--format=%(objectname)', `refs/tags/${tag}`);

/** The store holds exactly the files the seal lists, and the seal's run wrote them all. */
function expectOnlyTheWinnersFiles(world: ReleaseWorld, winner: Run, version: string): void {
  const prefix = `checkout/releases/${version}/`;
  const files = world.storeFiles().filter((path) => path.startsWith(prefix));
  expect(files).toEqual([`${prefix}assets/app-${winner.runId}.js`, `${prefix}index.html`, `${prefix}release.json`]);
}

/** A store whose first create() waits until `release()` is called: the run stops right after its claim. */
function gatedStore(): { wrap: (store: ObjectStore) => ObjectStore; reached: Promise<void>; release: () => void } {
  let reached!: () => void;
  let release!: () => void;
  const atGate = new Promise<void>((resolve) => (reached = resolve));
  const open = new Promise<void>((resolve) => (release = resolve));
  const wrap = (store: ObjectStore): ObjectStore =>
    Object.assign(Object.create(store) as ObjectStore, {
      create: async (...args: Parameters<ObjectStore['create']>) => {
        reached();
        await open;
        return store.create(...args);
      },
    });
  return { wrap, reached: atGate, release };
}

describe('two releases of one commit, each window forced', () => {
  it('a run that plans after the other pushed its tag leaves the release to it, without building, and takes its tag', async () => {
    world = createReleaseWorld();
    const [a, b] = [world.clone(), world.clone()];
    const gate = gatedStore();

    const first = world.release(a, { store: gate.wrap });
    await gate.reached;
    const second = await world.release(b);
    gate.release();
    const winner = await first;

    expect(second.plan?.status).toBe('claimed-elsewhere');
    expect(renderReleasePlan(second.plan as ReleasePlan).split('\n')[0]).toBe(
      'checkout: checkout@0.1.0 was claimed on origin by another release of this commit and is not sealed yet; this run leaves it to that release.',
    );
    expect(second.outcome).toMatchObject({ status: 'released-elsewhere', claimedOn: 'origin', manifest: null, artifact: null });
    expect(second.built).toBe(false);
    expect(second.text).toBe(
      'Released by someone else: another run claimed checkout@0.1.0 on origin first and is publishing it; this run published nothing; this clone\'s tag checkout@0.1.0 is now the remote\'s. If that run stopped before sealing, ⟦release checkout⟧ finishes it from here.',
    );
    expect(winner.outcome?.status).toBe('released');
    expect(tagOf(b, 'checkout@0.1.0')).toBe(tagOf(world.remote, 'checkout@0.1.0'));
    expectOnlyTheWinnersFiles(world, winner, '0.1.0');
  });

  it('a run whose build outlasts the other whole release finds its seal, publishes nothing and takes its tag', async () => {
    world = createReleaseWorld();
    const [a, b] = [world.clone(), world.clone()];
    let other: Run | undefined;

    const slow = await world.release(a, { duringBuild: async () => void (other = await world.release(b)) });

    expect(other?.outcome?.status).toBe('released');
    expect(slow.outcome).toMatchObject({ status: 'released-elsewhere', manifest: 'checkout/releases/0.1.0/release.json' });
    expect(slow.text).toMatch(/^Released by someone else: another run claimed checkout@0\.1\.0 on origin and sealed it at file:.*\/checkout\/releases\/0\.1\.0\/release\.json\. This run published nothing of its own/);
    expect(tagOf(a, 'checkout@0.1.0')).toBe(tagOf(world.remote, 'checkout@0.1.0'));
    expectOnlyTheWinnersFiles(world, other as Run, '0.1.0');
  });

  it('a run that claims while the other is publishing finds the tag at its claim and removes its own', async () => {
    world = createReleaseWorld();
    const [a, b] = [world.clone(), world.clone()];
    const gate = gatedStore();
    let other: Promise<Run> | undefined;

    const late = await world.release(a, {
      duringBuild: async () => {
        other = world.release(b, { store: gate.wrap });
        await gate.reached;
      },
    });
    gate.release();
    const winner = (await other) as Run;

    expect(late.outcome?.status).toBe('released-elsewhere');
    expect(winner.outcome?.status).toBe('released');
    expect(tagOf(a, 'checkout@0.1.0')).toBe(tagOf(world.remote, 'checkout@0.1.0'));
    expectOnlyTheWinnersFiles(world, winner, '0.1.0');
  });

  it.each([
    ['rejects the push (its tag object differs)', ['2024-05-01T10:00:00Z', '2024-05-01T10:00:07Z'], 'PUSH_REJECTED'],
    ['answers "up to date" (the same tag object, made in the same second)', ['2024-05-01T10:00:00Z', '2024-05-01T10:00:00Z'], 'unchanged'],
  ])('when both checked the remote before either pushed, the remote %s for the loser', async (_case, [dateB, dateA], pushed) => {
    world = createReleaseWorld();
    const [a, b] = [world.clone(), world.clone()];
    const gate = gatedStore();
    let other: Promise<Run> | undefined;
    let blind = false;
    const pushes: string[] = [];
    // A's last look at the remote's tags before its push is the one it had before B pushed: the
    // check and the push race. Every later look is real.
    const stale = (git: Git): Git => Object.assign(Object.create(git) as Git, {
      readRemoteTags: async (remote: string, glob: string) => (blind ? ((blind = false), []) : git.readRemoteTags(remote, glob)),
      pushTag: (remote: string, name: string) =>
        git.pushTag(remote, name).then(
          (result) => (pushes.push(result), result),
          (error: { code?: string }) => (pushes.push(error.code ?? 'error'), Promise.reject(error)),
        ),
    });
    const saved = process.env.GIT_COMMITTER_DATE;
    try {
      const loser = await world.release(a, {
        git: stale,
        duringBuild: async () => {
          process.env.GIT_COMMITTER_DATE = dateB;
          other = world.release(b, { store: gate.wrap });
          await gate.reached;
          process.env.GIT_COMMITTER_DATE = dateA;
          blind = true;
        },
      });
      gate.release();
      const winner = (await other) as Run;

      expect(pushes).toEqual([pushed]);
      expect(loser.outcome?.status).toBe('released-elsewhere');
      expect(winner.outcome?.status).toBe('released');
      expect(tagOf(a, 'checkout@0.1.0')).toBe(tagOf(world.remote, 'checkout@0.1.0'));
      expect(tagOf(b, 'checkout@0.1.0')).toBe(tagOf(world.remote, 'checkout@0.1.0'));
      expectOnlyTheWinnersFiles(world, winner, '0.1.0');
    } finally {
      if (saved === undefined) delete process.env.GIT_COMMITTER_DATE;
      else process.env.GIT_COMMITTER_DATE = saved;
    }
  });

  it('two runs resuming one claim: the one that seals first wins, the other stops before publishing', async () => {
    world = createReleaseWorld();
    const [a, b] = [world.clone(), world.clone()];
    const crashed = await world.release(a, { store: (store) => Object.assign(Object.create(store) as ObjectStore, { create: async () => Promise.reject(new Error('runner lost')) }) }).catch((e: Error) => e);
    expect(crashed).toBeInstanceOf(Error);
    expect(world.storeFiles()).toEqual([]);
    b.git('fetch', '-q', '--tags', 'origin');
    let other: Run | undefined;

    const slow = await world.release(a, { duringBuild: async () => void (other = await world.release(b)) });

    expect(other?.plan?.status).toBe('resume');
    expect(other?.outcome?.status).toBe('resumed');
    expect(slow.outcome?.status).toBe('released-elsewhere');
    expectOnlyTheWinnersFiles(world, other as Run, '0.1.0');
  });
});

describe('two releases of one commit, raced', () => {
  it('in every round exactly one seals, the other is released by someone else with the remote tag, and the store holds only the winner\'s files', async () => {
    world = createReleaseWorld();
    const [a, b] = [world.clone(), world.clone()];
    const rounds = 6;
    for (let round = 0; round < rounds; round++) {
      if (round > 0) {
        world.change(round % 2 ? b : a, `fix(checkout): round ${round}`);
        world.pull(round % 2 ? a : b);
      }
      const version = `0.1.${round}`;
      // Alternate who starts first; each build takes a different, small time.
      const delays = [round % 3, (round + 1) % 3].map((n) => n * 15);
      const runs = round % 2
        ? await Promise.all([world.release(b, { duringBuild: () => sleep(delays[0]) }), world.release(a, { duringBuild: () => sleep(delays[1]) })]).then(([x, y]) => [y, x])
        : await Promise.all([world.release(a, { duringBuild: () => sleep(delays[0]) }), world.release(b, { duringBuild: () => sleep(delays[1]) })]);

      const statuses = runs.map((run) => run.outcome?.status ?? run.error?.message);
      expect(statuses.sort(), `round ${round}`).toEqual(['released', 'released-elsewhere']);
      const winner = runs.find((run) => run.outcome?.status === 'released') as Run;
      const tag = `checkout@${version}`;
      expect(winner.outcome?.plan.tag).toBe(tag);
      expect([tagOf(a, tag), tagOf(b, tag)]).toEqual([tagOf(world.remote, tag), tagOf(world.remote, tag)]);
      expectOnlyTheWinnersFiles(world, winner, version);
    }
  }, 60_000);
});

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
