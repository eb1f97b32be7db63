// Bad input to deploy, promote and rollback: each refusal names the env or version and the fix,
// exits non-zero, and leaves every env pointer and history entry of checkout exactly as it was.
import { spawn } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { nxBin, nxEnv } from '../tools/shop/shop-files';
import { publishSyntheticRelease } from '../tools/bench/rollback/publish-synthetic-release';
import { createShop, sha256, type RunResult, type Shop } from './support/shop';

let shop: Shop;
afterEach(() => shop?.cleanup());

// Who runs the commands is the shop repo's git user, and no approver comes from this machine.
const asShopUser = { TAGDEPLOY_ACTOR: '', TAGDEPLOY_APPROVER: '' };
const approvedByAna = ['--approve', '--approved-by=Ana'];

function nx(args: string[]): RunResult {
  return shop.nx(args, asShopUser);
}

function nxOk(args: string[]): RunResult {
  const run = nx(args);
  expect(run.code, `nx ${args.join(' ')}\n${run.output}`).toBe(0);
  return run;
}

/** Every key under checkout/envs/ and the bytes of each pointer: what a refusal must not touch. */
async function envState(): Promise<{ keys: string[]; pointers: Record<string, string | null> }> {
  const keys = await shop.store.list('checkout/envs/');
  const pointers: Record<string, string | null> = {};
  for (const env of ['staging', 'production']) {
    pointers[env] = (await shop.store.get(`checkout/envs/${env}.json`))?.body.toString('utf8') ?? null;
  }
  return { keys, pointers };
}

/** Runs a command that must be refused with `code`, and checks that no env changed. */
async function expectRefused(args: string[], code: string, ...mentions: (string | RegExp)[]): Promise<string> {
  const before = await envState();
  const run = nx(args);
  expect(run.code, run.output).not.toBe(0);
  const message = new RegExp(`tagdeploy error \\[${code}\\]: (.*)`).exec(run.output)?.[1];
  expect(message, `no ${code} error in:\n${run.output}`).toBeDefined();
  for (const mention of mentions) {
    if (typeof mention === 'string') expect(message).toContain(mention);
    else expect(message).toMatch(mention);
  }
  expect(await envState()).toEqual(before);
  return message as string;
}

/** checkout 0.1.0 released and running in staging. */
function releaseToStaging(): void {
  nxOk(['release-product', 'checkout']);
  nxOk(['deploy', 'checkout', '--env=staging']);
}

describe('environments: refusals', () => {
  it('refuses an unknown env, listing the declared ones and where to declare it', async () => {
    shop = await createShop();
    releaseToStaging();

    await expectRefused(['deploy', 'checkout', '--env=qa'], 'UNKNOWN_ENV', 'Unknown environment "qa" for checkout', 'staging, production', 'nx.json');
  });

  it('refuses an env the product limits itself out of in its tagdeploy.json', async () => {
    shop = await createShop();
    const config = JSON.parse(shop.read('apps/checkout/tagdeploy.json'));
    shop.commit('apps/checkout/tagdeploy.json', `${JSON.stringify({ ...config, environments: ['staging'] }, null, 2)}\n`, 'chore(checkout): staging only');
    releaseToStaging();

    await expectRefused(
      ['deploy', 'checkout', '--env=production', ...approvedByAna],
      'ENV_NOT_ALLOWED',
      'checkout does not go to production',
      'limits it to staging',
      'add "production" to "environments" in its tagdeploy.json',
    );
  });

  it('refuses an unsealed version (files but no release.json) and says how to finish it', async () => {
    shop = await createShop();
    releaseToStaging();
    const body = Buffer.from('<!doctype html><p>half a release</p>\n');
    await shop.store.create('checkout/releases/9.9.9/index.html', body, { contentType: 'text/html; charset=utf-8', sha256: sha256(body) });

    await expectRefused(
      ['deploy', 'checkout', '--env=staging', '--release=9.9.9'],
      'UNSEALED_RELEASE',
      'checkout 9.9.9 is not sealed',
      'cannot go to staging',
      'nx release-product checkout',
      'pick a sealed release: 0.1.0',
    );
  });

  it('refuses an unknown version and lists the sealed ones', async () => {
    shop = await createShop();
    releaseToStaging();

    await expectRefused(
      ['deploy', 'checkout', '--env=staging', '--release=7.7.7'],
      'UNKNOWN_RELEASE',
      'No release of checkout at 7.7.7',
      'cannot go to staging',
      'pick a sealed release: 0.1.0',
    );
  });

  it('refuses to promote to an env without promoteFrom and says to deploy there instead', async () => {
    shop = await createShop();
    releaseToStaging();

    await expectRefused(
      ['promote', 'checkout', '--to=staging'],
      'NO_PROMOTION_SOURCE',
      'staging has no "promoteFrom"',
      'nx deploy checkout --env=staging',
      'Environments that promote: production',
    );
  });

  it('refuses to promote when the source env runs nothing yet', async () => {
    shop = await createShop();
    nxOk(['release-product', 'checkout']);

    await expectRefused(
      ['promote', 'checkout', '--to=production', ...approvedByAna],
      'SOURCE_ENV_EMPTY',
      'Cannot promote checkout to production: staging runs no release of it yet',
      'nx deploy checkout --env=staging',
    );
    expect(await shop.store.list('checkout/envs/')).toEqual([]);
  });

  it('refuses a rollback when the env has only ever run one release', async () => {
    shop = await createShop();
    releaseToStaging();

    await expectRefused(
      ['rollback', 'checkout', '--env=staging'],
      'NO_EARLIER_RELEASE',
      'staging has no earlier release of checkout',
      'it has only run 0.1.0',
      'nx deploy checkout --env=staging --release=<version>',
    );
  });

  it('refuses a rollback of an env that runs nothing', async () => {
    shop = await createShop();
    releaseToStaging();

    await expectRefused(
      ['rollback', 'checkout', '--env=production', '--reason=test', ...approvedByAna],
      'NO_EARLIER_RELEASE',
      'production runs no release of checkout',
      'nx deploy checkout --env=production',
    );
  });

  it('refuses a change to an approval env without a terminal or --approve, and says how to approve', async () => {
    shop = await createShop();
    releaseToStaging();

    await expectRefused(
      ['promote', 'checkout', '--to=production'],
      'APPROVAL_REQUIRED',
      'Promoting checkout 0.1.0 in production (now nothing)',
      'production requires approval',
      '--approve --approved-by=<name>',
      'TAGDEPLOY_APPROVER',
    );
  });

  it('refuses --approve without an approver name', async () => {
    shop = await createShop();
    releaseToStaging();

    await expectRefused(['promote', 'checkout', '--to=production', '--approve'], 'APPROVAL_REQUIRED', 'production requires approval, and --approve needs a name', '--approved-by=<name>');
  });

  it('refuses a rollback of an approval env without --reason', async () => {
    shop = await createShop();
    await publishSyntheticRelease(shop.store, { product: 'checkout', version: '0.1.0', files: 3 });
    await publishSyntheticRelease(shop.store, { product: 'checkout', version: '0.1.1', files: 3 });
    nxOk(['deploy', 'checkout', '--env=production', '--release=0.1.0', ...approvedByAna]);
    nxOk(['deploy', 'checkout', '--env=production', '--release=0.1.1', ...approvedByAna]);

    await expectRefused(
      ['rollback', 'checkout', '--env=production', ...approvedByAna],
      'REASON_REQUIRED',
      'Rolling back production of checkout (0.1.1 → 0.1.0) needs a reason',
      '--reason=',
    );
  });

  // Two deploys of different releases to the same env, started together: every run either wins or
  // loses with ENV_CONFLICT naming the version the other one set, and no update is lost. The
  // releases are large (synthetic, 2,000 files each on the file store) so that verifying them keeps each run
  // between its plan and its pointer write long enough for the runs to overlap.
  it('refuses the loser of a concurrent deploy with ENV_CONFLICT naming the winner, and loses no update', async () => {
    shop = await createShop();
    const versions = ['0.2.0', '0.2.1', '0.2.2'];
    // Heads against s3rver take far longer than against a folder: fewer files give the same overlap.
    const files = shop.storeKind === 's3' ? 300 : 2_000;
    for (const version of versions) await publishSyntheticRelease(shop.store, { product: 'checkout', version, files });
    nxOk(['deploy', 'checkout', '--env=staging', '--release=0.2.0']);
    const maxRounds = 8;
    let conflicts = 0;
    let successes = 1;
    const seen: string[] = [];
    for (let round = 1; round <= maxRounds && !(round > 3 && conflicts > 0); round++) {
      const live = JSON.parse((await shop.store.get('checkout/envs/staging.json'))!.body.toString('utf8')).version as string;
      const [a, b] = versions.filter((version) => version !== live);
      const runs = await Promise.all([a, b].map((version) => nxAsync(['deploy', 'checkout', '--env=staging', `--release=${version}`])));
      runs.forEach((run, i) => {
        const other = [b, a][i];
        if (run.code === 0) {
          successes++;
          expect(run.stdout).toContain(`Deployed checkout in staging: `);
          return;
        }
        conflicts++;
        expect(run.output).toMatch(
          new RegExp(`tagdeploy error \\[ENV_CONFLICT\\]: staging of checkout changed while you were deciding: it now runs ${other.replace(/\./g, '\\.')}, set by Test Lead .*Nothing was written\\. Run the command again`),
        );
      });
      seen.push(`round ${round}: ${live} → ${runs.map((run, i) => `${[a, b][i]} ${run.code === 0 ? 'won' : 'lost'}`).join(', ')}`);
      const history = await shop.store.list('checkout/envs/staging/history/');
      expect(history.length, seen.join('\n')).toBe(successes);
    }
    if (conflicts === 0) {
      throw new Error(`No ENV_CONFLICT in ${maxRounds} rounds of two concurrent deploys: the race never happened, so this test proved nothing.\n${seen.join('\n')}`);
    }
    const pointer = JSON.parse((await shop.store.get('checkout/envs/staging.json'))!.body.toString('utf8'));
    expect(pointer.seq).toBe(successes);
  });
});

/** `nx <args>` as a child process, so that two can run at once. */
function nxAsync(args: string[]): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [nxBin(shop.dir), ...args, '--outputStyle=static'], {
      cwd: shop.dir,
      env: { ...process.env, ...nxEnv, ...asShopUser },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr, output: stdout + stderr }));
  });
}
