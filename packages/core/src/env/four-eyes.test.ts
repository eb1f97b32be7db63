// Four eyes through the one flow (runEnvChange) on a real FileStore: an env with a distinct
// approver never asks the requester at the terminal, refuses them as approver, and records
// someone else's approval.
import { describe, expect, it } from 'vitest';
import { resolveRouter } from '../router/resolve-router';
import { silentReporter, systemClock } from '../release/ports';
import type { ApprovalFlags } from './resolve-approval';
import { runEnvChange } from './run-env-change';
import { StoreEnvBackend } from './store-env-backend';
import { environments, failure, seedRelease, useTempFileStores } from './testing/env-builders';

const newStore = useTempFileStores();
const product = 'checkout';

async function aWorld() {
  const { store } = newStore();
  for (const version of ['0.1.0', '0.2.0']) await seedRelease(store, product, version);
  const backend = new StoreEnvBackend({ store, router: () => resolveRouter({ type: 'local' }, store), reporter: silentReporter, clock: systemClock });
  const envs = environments({ staging: {}, production: { promoteFrom: 'staging', approval: { required: true, distinctApprover: true } } });
  const shown: string[] = [];
  const promote = (approval: ApprovalFlags, withTerminal = false) =>
    runEnvChange(backend, {
      scope: { product, productEnvs: undefined, environments: envs },
      request: { action: 'promote', env: 'production' },
      deployedBy: 'alice',
      approval,
      ...(withTerminal ? { confirm: async (summary: string) => (shown.push(summary), { confirmed: true, identity: 'alice' }) } : {}),
    });
  await runEnvChange(backend, { scope: { product, productEnvs: undefined, environments: envs }, request: { action: 'deploy', env: 'staging', release: '0.2.0' }, deployedBy: 'alice', approval: {} });
  const written = async () => store.list(`${product}/envs/production`);
  return { promote, shown, written };
}

describe('an env with a distinct approver', () => {
  it('does not ask the requester at the terminal: it refuses, saying someone else must approve, and nothing is written', async () => {
    const world = await aWorld();
    const error = await failure(world.promote({}, true));
    expect(error.code).toBe('APPROVER_NOT_DISTINCT');
    expect(error.message).toContain('production needs an approver other than the requester (alice), so alice\'s own "yes" at this terminal does not count. Someone else must approve it');
    expect(world.shown).toEqual([]);
    expect(await world.written()).toEqual([]);
  });

  it('refuses the requester named with --approved-by, and nothing is written', async () => {
    const world = await aWorld();
    const error = await failure(world.promote({ approve: true, approvedBy: 'alice' }, true));
    expect(error.message).toContain('requested by alice and approved by alice');
    expect(await world.written()).toEqual([]);
  });

  it("records another person's approval", async () => {
    const world = await aWorld();
    const { result } = await world.promote({ approve: true, envApprover: 'carol' });
    expect(result.outcome.pointer).toMatchObject({ version: '0.2.0', deployedBy: 'alice', approvedBy: 'carol' });
  });
});
