// Approval through both hosts (the Nx plugin in a copy of examples/shop, the tagdeploy CLI in a
// copy of examples/turbo-shop): settings that weaken approval count only once committed, each
// host reading its own settings file at HEAD; a local edit that strengthens approval applies at
// once; and an env with a distinct approver refuses the requester as approver.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createShop, type RunResult } from '../support/shop';
import type { ShopRepo } from '../support/shop-repo';
import { createTurboShop } from '../support/turbo-shop';

const requester = 'Test Lead'; // the shops' git user.name
const asShopUser = { TAGDEPLOY_ACTOR: '', TAGDEPLOY_APPROVER: '' };

interface HostUnderTest {
  shop: ShopRepo;
  /** The settings file, and where the env settings are in it. */
  file: string;
  envsIn(json: Record<string, unknown>): Record<string, Record<string, unknown>>;
  /** How the host names the settings file in messages. */
  shownAs: string;
  release(): RunResult;
  deployStaging(): RunResult;
  promote(approvedBy?: string): RunResult;
}

const open: Record<'nx' | 'cli', () => Promise<HostUnderTest>> = {
  nx: async () => {
    const shop = await createShop();
    const nx = (...args: string[]) => shop.nx(args, asShopUser);
    return {
      shop,
      file: 'nx.json',
      envsIn: (json) => (json.plugins as { options: { environments: Record<string, Record<string, unknown>> } }[])[0].options.environments,
      shownAs: 'nx.json (the @tagdeploy/nx plugin options)',
      release: () => nx('release-product', 'checkout'),
      deployStaging: () => nx('deploy', 'checkout', '--env=staging'),
      promote: (by) => nx('promote', 'checkout', '--to=production', ...(by ? ['--approve', `--approved-by=${by}`] : [])),
    };
  },
  cli: async () => {
    const shop = await createTurboShop();
    const cli = (...args: string[]) => shop.tagdeploy(args, asShopUser);
    return {
      shop,
      file: 'tagdeploy.config.json',
      envsIn: (json) => json.environments as Record<string, Record<string, unknown>>,
      shownAs: 'tagdeploy.config.json',
      release: () => cli('release', 'checkout'),
      deployStaging: () => cli('deploy', 'checkout', '--env', 'staging'),
      promote: (by) => cli('promote', 'checkout', '--to', 'production', ...(by ? ['--approve', '--approved-by', by] : [])),
    };
  },
};

let current: HostUnderTest | undefined;
afterEach(() => current?.shop.cleanup());

/** Edits production's settings in the working tree (not committed). */
function editProduction(host: HostUnderTest, edit: (production: Record<string, unknown>, envs: Record<string, Record<string, unknown>>) => void): void {
  const path = join(host.shop.dir, host.file);
  const json = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
  edit(host.envsIn(json).production, host.envsIn(json));
  writeFileSync(path, `${JSON.stringify(json, null, 2)}\n`);
}

const succeeded = (run: RunResult) => expect(run.code, run.output).toBe(0);

function refusal(run: RunResult, code: string): string {
  expect(run.code, run.output).not.toBe(0);
  const message = new RegExp(`tagdeploy error \\[${code}\\]: (.*)`).exec(run.output)?.[1];
  expect(message, `no ${code} error in:\n${run.output}`).toBeDefined();
  return message as string;
}

/** What a promotion would change: the store's objects (pointers, history) and the repo's commits. */
async function envState(host: HostUnderTest): Promise<object> {
  return { store: await host.shop.storeFiles(), head: host.shop.git(['rev-parse', 'HEAD']) };
}

const weakenings: { name: string; edit: Parameters<typeof editProduction>[1]; says: string }[] = [
  { name: 'approval removed', edit: (production) => delete production.approval, says: 'approval is "none" (committed: "required")' },
  { name: 'approval set to "none"', edit: (production) => (production.approval = 'none'), says: 'approval is "none" (committed: "required")' },
  { name: 'distinctApprover dropped', edit: (production) => (production.approval = 'required'), says: 'the approver may be the requester (committed: "distinctApprover": true)' },
  {
    name: 'promoteFrom changed to a new env',
    edit: (production, envs) => {
      envs.qa = { router: { type: 'local' } };
      production.promoteFrom = 'qa';
    },
    says: 'promoteFrom is "qa" (committed: "staging")',
  },
];

describe.each(['nx', 'cli'] as const)('approval settings through the %s host', (name) => {
  it('applies a stronger local edit at once, refuses weaker ones until committed, and refuses the requester as distinct approver', async () => {
    const host = (current = await open[name]());
    succeeded(host.release());
    succeeded(host.deployStaging());

    // Strengthening, not committed: four eyes apply at once.
    editProduction(host, (production) => (production.approval = { required: true, distinctApprover: true }));
    const before = await envState(host);
    const self = refusal(host.promote(requester), 'APPROVER_NOT_DISTINCT');
    expect(self).toContain(`production needs an approver other than the requester, but it was requested by ${requester} and approved by ${requester}`);
    expect(self).toContain('Someone else must approve it');
    expect(await envState(host)).toEqual(before);

    host.shop.git(['commit', '-q', '-am', 'chore: four eyes for production']);
    for (const weakening of weakenings) {
      host.shop.git(['checkout', '--', host.file]);
      editProduction(host, weakening.edit);
      const state = await envState(host);
      const message = refusal(host.promote(), 'APPROVAL_SETTINGS_UNCOMMITTED');
      expect(message, weakening.name).toBe(
        `production of checkout: the uncommitted edit of ${host.shownAs} weakens its approval (${weakening.says}). Settings that weaken approval count only once committed and reviewed: commit the change, or undo it, then run the command again. Nothing changed.`,
      );
      expect(await envState(host), weakening.name).toEqual(state);
    }

    host.shop.git(['checkout', '--', host.file]);
    succeeded(host.promote('Ana'));
    expect(host.shop.git(['status', '--porcelain'])).toBe('');
  });
});
