// One scenario table for the command layer, run through both hosts: the Nx plugin in a copy of
// examples/shop and the tagdeploy CLI in a copy of examples/turbo-shop. Each refusal is the same
// error with the next step spelled the way that host's user types it, a non-zero exit, and
// nothing changed (no tag here or on the remote, no object in the store, no commit).
import { afterEach, describe, expect, it } from 'vitest';
import { commitJson, errorLine, openHostShop, shopState, type Flags, type HostShop, type Verb } from '../support/both-hosts';

const asShopUser = { TAGDEPLOY_ACTOR: '', TAGDEPLOY_APPROVER: '' };

interface Scenario {
  name: string;
  setup?: (w: HostShop) => void;
  verb: Verb;
  product?: string;
  flags?: Flags;
  code: string;
  /** What the one-line message says, in each host's spelling. */
  says: Record<'nx' | 'cli', (string | RegExp)[]>;
}

const ok = (w: HostShop, verb: Verb, product: string, flags?: Flags) => {
  const run = w.run(verb, product, flags, asShopUser);
  expect(run.code, run.output).toBe(0);
};

const scenarios: Scenario[] = [
  {
    name: 'a dirty working tree',
    setup: (w) => w.shop.write('packages/ui/src/index.ts', `${w.shop.read('packages/ui/src/index.ts')}\n// wip\n`),
    verb: 'release',
    code: 'DIRTY_TREE',
    says: { nx: [/uncommitted changes \(packages\/ui\/src\/index\.ts\)\. Commit or stash them/], cli: [/uncommitted changes \(packages\/ui\/src\/index\.ts\)\. Commit or stash them/] },
  },
  {
    name: 'a branch other than the release branch',
    setup: (w) => w.shop.git(['switch', '-q', '-c', 'feature/x']),
    verb: 'release',
    code: 'WRONG_BRANCH',
    says: {
      nx: ['but releases are made from "main" (releaseBranch in nx.json (the @tagdeploy/nx plugin options))', 'pass --allow-branch'],
      cli: ['but releases are made from "main" (releaseBranch in tagdeploy.config.json)', 'pass --allow-branch'],
    },
  },
  {
    // At HEAD it would be another run's claim of this very release, left to it (e2e/release-races.test.ts).
    name: 'a tag someone else already pushed from another commit',
    setup: (w) => {
      w.shop.git(['commit', '-q', '--allow-empty', '-m', 'chore: elsewhere']);
      w.shop.git(['tag', 'checkout@0.1.0']);
      w.shop.git(['push', '-q', 'origin', 'checkout@0.1.0']);
      w.shop.git(['tag', '-d', 'checkout@0.1.0']);
      w.shop.git(['reset', '-q', '--hard', 'HEAD~1']);
    },
    verb: 'release',
    code: 'UNSEALED_RELEASE',
    says: {
      nx: ['checkout@0.1.0 was claimed on origin; not in this clone but never sealed', 'git fetch --tags origin && git switch --detach checkout@0.1.0 && nx release-product checkout --allow-branch'],
      cli: ['checkout@0.1.0 was claimed on origin; not in this clone but never sealed', 'git fetch --tags origin && git switch --detach checkout@0.1.0 && tagdeploy release checkout --allow-branch'],
    },
  },
  {
    name: 'a malformed tagdeploy.json (every problem with its path)',
    setup: (w) => commitJson(w.shop, 'apps/checkout/tagdeploy.json', (config) => Object.assign(config, { outputPath: 5, colour: 'blue' })),
    verb: 'release',
    code: 'INVALID_CONFIG',
    says: { nx: ['apps/checkout/tagdeploy.json has 2 problems', 'outputPath', 'colour'], cli: ['apps/checkout/tagdeploy.json has 2 problems', 'outputPath', 'colour'] },
  },
  {
    name: 'a deploy before any release',
    verb: 'deploy',
    flags: { env: 'staging' },
    code: 'NO_SEALED_RELEASE',
    says: { nx: ['checkout has no sealed release to deploy to staging. Run "nx release-product checkout" first.'], cli: ['checkout has no sealed release to deploy to staging. Run "tagdeploy release checkout" first.'] },
  },
  {
    name: 'an unknown environment',
    verb: 'deploy',
    flags: { env: 'prod' },
    code: 'UNKNOWN_ENV',
    says: {
      nx: ['the declared environments are staging, production', 'declare "prod" under "environments" in nx.json (the @tagdeploy/nx plugin options)'],
      cli: ['the declared environments are staging, production', 'declare "prod" under "environments" in tagdeploy.config.json'],
    },
  },
  {
    name: 'a rollback of an env that runs nothing',
    verb: 'rollback',
    flags: { env: 'production' },
    code: 'NO_EARLIER_RELEASE',
    says: { nx: ['Deploy one first: nx deploy checkout --env=production.'], cli: ['Deploy one first: tagdeploy deploy checkout --env production.'] },
  },
  {
    name: 'a promotion to an approval env without an approver',
    setup: (w) => {
      ok(w, 'release', 'checkout');
      ok(w, 'deploy', 'checkout', { env: 'staging' });
    },
    verb: 'promote',
    flags: { to: 'production' },
    code: 'APPROVAL_REQUIRED',
    says: { nx: ['production requires approval', '--approve --approved-by=<name>', 'TAGDEPLOY_APPROVER'], cli: ['production requires approval', '--approve --approved-by=<name>', 'TAGDEPLOY_APPROVER'] },
  },
];

let current: HostShop | undefined;
afterEach(() => {
  current?.shop.cleanup();
  current = undefined;
});

describe.each(['nx', 'cli'] as const)('refusals through the %s host', (host) => {
  it.each(scenarios)('refuses $name, in its own spelling, and changes nothing', async (scenario) => {
    const w = (current = await openHostShop[host]());
    scenario.setup?.(w);
    const before = await shopState(w.shop);

    const run = w.run(scenario.verb, scenario.product ?? 'checkout', scenario.flags, asShopUser);

    expect(run.code, run.output).not.toBe(0);
    const message = errorLine(run, scenario.code);
    expect(message, `no ${scenario.code} error in:\n${run.output}`).toBeDefined();
    for (const mention of scenario.says[host]) {
      if (typeof mention === 'string') expect(message).toContain(mention);
      else expect(message).toMatch(mention);
    }
    expect(message).not.toMatch(host === 'nx' ? /tagdeploy (release|deploy|promote|rollback) / : /\bnx (release-product|deploy|promote|rollback) |nx\.json/);
    expect(await shopState(w.shop)).toEqual(before);
  });
});
