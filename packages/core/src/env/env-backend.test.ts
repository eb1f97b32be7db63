// One scenario table through both EnvBackends and the one flow (runEnvChange): the store backend
// on a FileStore in a temp folder, the GitOps backend on the same kind of store plus a real bare
// git repo. Where the backends share behaviour they meet the same expectations; what only one of
// them does (router activation, the GitOps commit) is asserted by its world.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ObjectStore } from '../store/object-store';
import type { GitopsDeploymentResult } from '../gitops/gitops-env-backend';
import { aGitopsBackend, digestOf, remoteHead, repositoryOf, sealContainerRelease, useGitopsFixtures } from '../gitops/testing/gitops-fixtures';
import { resolveRouter } from '../router/resolve-router';
import { silentReporter, systemClock } from '../release/ports';
import type { DeploymentRequest } from './deployment-plan';
import type { EnvBackend } from './env-backend';
import type { ApprovalConfirmation, ApprovalFlags } from './resolve-approval';
import { runEnvChange, type EnvChange } from './run-env-change';
import { StoreEnvBackend } from './store-env-backend';
import { failure, seedRelease, stagingAndProduction, useTempFileStores } from './testing/env-builders';

const newStore = useTempFileStores();
const fixtures = useGitopsFixtures();
const product = 'orders';
const versions = ['0.1.0', '0.2.0', '0.3.0'];
const changelogOf = (version: string) => `## ${version}\n\n- change ${version}\n`;

/** One kind of env backend with its releases sealed, as several operators would see it. */
interface World {
  store: ObjectStore;
  /** A backend of its own, as another operator's machine would open it. */
  backend(): Promise<EnvBackend>;
  /** What a change writes (the env pointers and history, or the repo's branch), to tell "nothing changed". */
  written(): Promise<string>;
  /** What only this backend does when a change lands. */
  landed(result: EnvChange, text: string): void;
}

const worlds: { name: string; make: () => Promise<World> }[] = [
  {
    name: 'StoreEnvBackend (FileStore in a temp folder, local router)',
    make: async () => {
      const { store } = newStore();
      for (const version of versions) await seedRelease(store, product, version, undefined, { changelog: changelogOf(version) });
      return {
        store,
        backend: async () => aStoreBackend(store),
        written: async () => (await Promise.all((await store.list(`${product}/envs/`)).map(async (key) => `${key} ${(await store.head(key))?.etag}`))).join('\n'),
        landed: (result, text) => {
          expect(result.activation).toMatchObject({ status: 'switched' });
          expect(text.split('\n')).toHaveLength(1);
        },
      };
    },
  },
  {
    name: 'GitopsEnvBackend (FileStore + a bare git repo, scaffolded on first use)',
    make: async () => {
      const { store } = newStore();
      for (const version of versions) await sealContainerRelease(store, product, version, changelogOf(version));
      const bare = fixtures.bareRemote();
      return {
        store,
        backend: async () => aGitopsBackend({ store, repo: await fixtures.open(bare), scaffold: { repoURL: 'https://git.example/gitops.git', port: 3000, healthPath: '/health' } }),
        written: async () => remoteHead(bare) ?? 'no commits',
        landed: (result, text) => {
          const { plan, outcome } = result as GitopsDeploymentResult;
          expect(result.activation).toBeNull();
          expect(outcome).toMatchObject({ commit: expect.stringMatching(/^[0-9a-f]{40}$/), attempts: 1, image: `${repositoryOf(product)}:${plan.to}@${digestOf(product, plan.to)}` });
          expect(text.split('\n')[1]).toBe(`  image ${repositoryOf(product)}:${plan.to}@${digestOf(product, plan.to)}, commit ${outcome.commit?.slice(0, 7)}`);
        },
      };
    },
  },
];

interface Step {
  request: DeploymentRequest;
  by?: string;
  approval?: ApprovalFlags;
  /** The terminal prompt: its answer, and what happens while the person reads the summary. */
  prompt?: { answer: ApprovalConfirmation; meanwhile?: Step };
}

interface Scenario {
  name: string;
  given: Step[];
  when: Step;
  then: {
    plan?: object;
    outcome?: object;
    /** The first line of the text. */
    text?: RegExp;
    /** In the approval summary. */
    summary?: string[];
    error?: { code: string; message: string[] };
    /** The envs' status rows afterwards. */
    live?: Record<string, object>;
    /** Each env's history afterwards, newest first: [action, from, to, by]. */
    history?: Record<string, [string, string | null, string, string][]>;
    /** Nothing written by the step itself. */
    unchanged?: boolean;
  };
}

const approvedByCarol: ApprovalFlags = { approve: true, approvedBy: 'carol' };
const deploy = (env: string, release?: string, approval?: ApprovalFlags): Step => ({ request: { action: 'deploy', env, ...(release ? { release } : {}) }, ...(approval ? { approval } : {}) });

const scenarios: Scenario[] = [
  {
    name: 'deploy: the newest sealed release goes to staging, recorded with who',
    given: [],
    when: deploy('staging'),
    then: {
      plan: { status: 'ready', action: 'deploy', from: null, to: '0.3.0', seq: 1, needsApproval: false },
      outcome: { changed: true, pointer: { version: '0.3.0', previousVersion: null, seq: 1, action: 'deploy', deployedBy: 'alice', approvedBy: null, reason: null } },
      text: /^Deployed orders in staging: nothing → 0\.3\.0, switched in \d+ ms\.$/,
      live: { staging: { version: '0.3.0', tag: 'orders@0.3.0', deployedBy: 'alice', approvedBy: null }, production: { version: null, deployedBy: null } },
      history: { staging: [['deploy', null, '0.3.0', 'alice']], production: [] },
    },
  },
  {
    name: 'promote with --approve --approved-by: production gets what staging runs, with the approver',
    given: [deploy('staging', '0.2.0')],
    when: { request: { action: 'promote', env: 'production' }, approval: approvedByCarol },
    then: {
      plan: { status: 'ready', action: 'promote', sourceEnv: 'staging', from: null, to: '0.2.0', needsApproval: true },
      outcome: { changed: true, pointer: { version: '0.2.0', action: 'promote', deployedBy: 'alice', approvedBy: 'carol' } },
      text: /^Promoted \(from staging\) orders in production: nothing → 0\.2\.0, switched in \d+ ms, approved by carol\.$/,
      live: { staging: { version: '0.2.0' }, production: { version: '0.2.0', tag: 'orders@0.2.0', approvedBy: 'carol' } },
    },
  },
  {
    name: 'promote confirmed at the prompt: the summary shows from → to and the changelogs; who confirmed approves',
    given: [deploy('staging', '0.1.0'), deploy('production', '0.1.0', approvedByCarol), deploy('staging', '0.3.0')],
    when: { request: { action: 'promote', env: 'production' }, prompt: { answer: { confirmed: true, identity: 'dave' } } },
    then: {
      summary: ['promote orders in production: 0.1.0 → 0.3.0 (as in staging)', '- change 0.3.0', '- change 0.2.0'],
      outcome: { changed: true, pointer: { version: '0.3.0', previousVersion: '0.1.0', seq: 2, approvedBy: 'dave' } },
      text: /^Promoted \(from staging\) orders in production: 0\.1\.0 → 0\.3\.0, switched in \d+ ms, approved by dave\.$/,
      history: { production: [['promote', '0.1.0', '0.3.0', 'alice'], ['deploy', null, '0.1.0', 'alice']] },
    },
  },
  {
    name: 'rollback: back to the release the env ran before, with the reason',
    given: [deploy('staging', '0.1.0'), deploy('staging', '0.2.0')],
    when: { request: { action: 'rollback', env: 'staging', reason: 'errors at checkout' }, by: 'bob' },
    then: {
      plan: { status: 'ready', action: 'rollback', from: '0.2.0', to: '0.1.0', seq: 3, reason: 'errors at checkout' },
      outcome: { changed: true, pointer: { version: '0.1.0', previousVersion: '0.2.0', seq: 3, action: 'rollback', deployedBy: 'bob', reason: 'errors at checkout' } },
      text: /^Rolled back orders in staging: 0\.2\.0 → 0\.1\.0, switched in \d+ ms\.$/,
      live: { staging: { version: '0.1.0', tag: 'orders@0.1.0', deployedBy: 'bob' } },
      history: { staging: [['rollback', '0.2.0', '0.1.0', 'bob'], ['deploy', '0.1.0', '0.2.0', 'alice'], ['deploy', null, '0.1.0', 'alice']] },
    },
  },
  {
    name: 'already live: a normal result, and nothing is written',
    given: [deploy('staging', '0.2.0')],
    when: deploy('staging', '0.2.0'),
    then: {
      plan: { status: 'already-live', from: '0.2.0', to: '0.2.0', needsApproval: false },
      outcome: { changed: false, pointer: null, elapsedMs: 0 },
      text: /^orders 0\.2\.0 is already live in staging; nothing changed\.$/,
      unchanged: true,
    },
  },
  {
    name: 'missing approval: an env that requires approval refuses without an approver, and nothing is written',
    given: [deploy('staging', '0.2.0')],
    when: { request: { action: 'promote', env: 'production' } },
    then: {
      error: { code: 'APPROVAL_REQUIRED', message: ['Promoting orders 0.2.0 in production (now nothing): production requires approval.', 'pass --approve --approved-by=<name>', 'Nothing changed.'] },
      live: { production: { version: null } },
      unchanged: true,
    },
  },
  {
    name: 'declined at the prompt: nothing is written',
    given: [deploy('staging', '0.2.0')],
    when: { request: { action: 'promote', env: 'production' }, prompt: { answer: { confirmed: false, identity: 'dave' } } },
    then: {
      error: { code: 'APPROVAL_DECLINED', message: ['Not confirmed: production of orders is unchanged (still nothing).'] },
      unchanged: true,
    },
  },
  {
    name: 'conflict: the env changed while the approver was reading; ENV_CONFLICT names who won, and nothing else is written',
    given: [deploy('staging', '0.2.0')],
    when: {
      request: { action: 'promote', env: 'production' },
      prompt: { answer: { confirmed: true, identity: 'dave' }, meanwhile: { ...deploy('production', '0.3.0', approvedByCarol), by: 'erin' } },
    },
    then: {
      error: { code: 'ENV_CONFLICT', message: ['production of orders changed while you were deciding: it now runs 0.3.0, set by erin at ', 'Nothing was written.'] },
      live: { production: { version: '0.3.0', deployedBy: 'erin', approvedBy: 'carol' } },
      history: { production: [['deploy', null, '0.3.0', 'erin']] },
      unchanged: true,
    },
  },
];

describe.each(worlds)('$name', ({ make }) => {
  it.each(scenarios)('$name', async ({ given, when, then }) => {
    const world = await make();
    for (const step of given) await change(world, step);
    const before = await world.written();
    let afterMeanwhile: string | undefined;
    let summary = '';
    const prompt = when.prompt;
    const confirm = prompt
      ? async (text: string) => {
          summary = text;
          if (prompt.meanwhile) {
            await change(world, prompt.meanwhile);
            afterMeanwhile = await world.written();
          }
          return prompt.answer;
        }
      : undefined;

    const run = change(world, when, confirm);

    if (then.error) {
      const error = await failure(run);
      expect(error.code).toBe(then.error.code);
      for (const part of then.error.message) expect(error.message).toContain(part);
    } else {
      const { result, text } = await run;
      if (then.plan) expect(result.plan).toMatchObject(then.plan);
      if (then.outcome) expect(result.outcome).toMatchObject(then.outcome);
      if (then.text) expect(text.split('\n')[0]).toMatch(then.text);
      if (result.outcome.changed) world.landed(result, text);
      else expect(result.activation).toBeNull();
    }
    for (const part of then.summary ?? []) expect(summary).toContain(part);
    if (then.unchanged) expect(await world.written()).toBe(afterMeanwhile ?? before);
    const status = await readStatus(world);
    for (const [env, row] of Object.entries(then.live ?? {})) expect(status.envs.find((r) => r.env === env)).toMatchObject(row);
    for (const [env, records] of Object.entries(then.history ?? {})) {
      expect(status.history?.[env].map((r) => [r.action, r.from, r.to, r.deployedBy])).toEqual(records);
    }
  });
});

describe('what only one backend does before approval (check)', () => {
  it('StoreEnvBackend refuses a release whose files do not match its release.json before anyone is asked, and writes nothing', async () => {
    const { store, root } = newStore();
    await seedRelease(store, product, '0.1.0');
    writeFileSync(join(root, `${product}/releases/0.1.0/index.html`), '<h1>changed by hand</h1>');
    const prompt = aPromptThatApproves();

    const error = await failure(runEnvChange(aStoreBackend(store), runOf({ request: { action: 'deploy', env: 'production' } }, prompt.confirm)));

    expect(error.code).toBe('RELEASE_CORRUPT');
    expect(error.message).toContain('Nothing was switched.');
    expect(prompt.shown).toEqual([]);
    expect(await store.list(`${product}/envs/`)).toEqual([]);
  });

  it('StoreEnvBackend does not verify a rollback target (its cost stays that of a pointer switch)', async () => {
    const { store, root } = newStore();
    for (const version of ['0.1.0', '0.2.0']) await seedRelease(store, product, version);
    const backend = aStoreBackend(store);
    for (const release of ['0.1.0', '0.2.0']) await runEnvChange(backend, runOf(deploy('staging', release)));
    writeFileSync(join(root, `${product}/releases/0.1.0/index.html`), '<h1>changed by hand</h1>');

    const { result } = await runEnvChange(backend, runOf({ request: { action: 'rollback', env: 'staging' } }));

    expect(result.outcome.pointer).toMatchObject({ version: '0.1.0', action: 'rollback' });
  });

  it('GitopsEnvBackend checks the image while planning: a release.json without an image is refused before anyone is asked', async () => {
    const { store } = newStore();
    await seedRelease(store, product, '0.1.0');
    const prompt = aPromptThatApproves();
    const backend = aGitopsBackend({ store, repo: await fixtures.open(fixtures.bareRemote()), scaffold: { repoURL: 'https://git.example/gitops.git', port: 3000, healthPath: '/health' } });

    const error = await failure(runEnvChange(backend, runOf({ request: { action: 'deploy', env: 'production' } }, prompt.confirm)));

    expect(error.code).toBe('IMAGE_MISSING');
    expect(prompt.shown).toEqual([]);
  });
});

const aStoreBackend = (store: ObjectStore) => new StoreEnvBackend({ store, router: () => resolveRouter({ type: 'local' }, store), reporter: silentReporter, clock: systemClock });

/** A terminal prompt that approves as dave, keeping each summary it was shown. */
function aPromptThatApproves(): { shown: string[]; confirm: (summary: string) => Promise<ApprovalConfirmation> } {
  const shown: string[] = [];
  return { shown, confirm: async (summary) => (shown.push(summary), { confirmed: true, identity: 'dave' }) };
}

function runOf(step: Step, confirm?: (summary: string) => Promise<ApprovalConfirmation>) {
  return {
    scope: { product, productEnvs: undefined, environments: stagingAndProduction() },
    request: step.request,
    deployedBy: step.by ?? 'alice',
    approval: step.approval ?? {},
    ...(confirm ? { confirm } : {}),
  };
}

/** Uses a backend of its own, then closes it (like one run of a command). */
async function withBackend<T>(world: World, use: (backend: EnvBackend) => Promise<T>): Promise<T> {
  const backend = await world.backend();
  try {
    return await use(backend);
  } finally {
    await backend.close();
  }
}

const change = (world: World, step: Step, confirm?: (summary: string) => Promise<ApprovalConfirmation>) =>
  withBackend(world, (backend) => runEnvChange(backend, runOf(step, confirm)));

const readStatus = (world: World) =>
  withBackend(world, async (backend) => (await backend.readStatus({ product, envs: ['staging', 'production'], history: true })).result);
