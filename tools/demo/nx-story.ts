// The Nx story: a fresh temp copy of examples/shop with the packed plugin installed, a git history
// and a bare remote; two releases of checkout with their plans, deployed to staging, promoted to
// production and rolled back; payments-api released twice through the GitOps repo and rolled back;
// then the status table, storefront's signed releases verified, tampered with, rebuilt and pruned,
// the tags and the release folders. Every command runs through `nx`.
import { join } from 'node:path';
import { copyShopSources, initShopRepo, installShop, nxBin, nxEnv, packTagdeploy } from '../shop/shop-files';
import { serveInBackground, showHealth } from './serve-in-background';
import { approver, commitFix, demoFolders, editJson, runShown, step, tellStory, type DemoCommands, type RollbackTiming } from './demo-steps';

/** Tells the Nx story; returns how long checkout's rollback took. */
export function nxStory(): RollbackTiming {
  const { work, dir: shop, remote } = demoFolders('shop');

  /** `nx <args>` in the shop, shown as typed (the static output style is added, not shown). */
  const nxExpecting = (expect: 'success' | 'failure', args: string[]) => runShown(`nx ${args.join(' ')}`, nxBin(shop), [...args, '--outputStyle=static'], shop, nxEnv, expect);
  const nx = (...args: string[]) => nxExpecting('success', args);
  const approve = ['--approve', `--approved-by=${approver}`];
  const commands: DemoCommands = {
    release: (product, dryRun) => nx('release-product', product, ...(dryRun ? ['--dry-run'] : [])),
    deploy: (product, env) => nx('deploy', product, `--env=${env}`),
    promote: (product, to) => nx('promote', product, `--to=${to}`, ...approve),
    rollback: (product, env, reason) => nx('rollback', product, `--env=${env}`, `--reason=${reason}`, ...approve),
    status: (product) => nx('release-status', product, '--history'),
    statusAll: () => nx('run-many', '-t', 'release-status', '--projects=checkout,payments-api'),
    verify: (product, { release, rebuild, expectFailure }) =>
      nxExpecting(expectFailure ? 'failure' : 'success', ['release-verify', product, ...(release ? [`--release=${release}`] : []), ...(rebuild ? ['--rebuild'] : [])]),
    prune: (product, keep) => nx('release-prune', product, `--keep=${keep}`),
  };

  return tellStory({
    dir: shop,
    remote,
    setUp: {
      title: `A fresh copy of examples/shop in ${shop}, with @tagdeploy/nx installed from its packed tarball`,
      run() {
        copyShopSources(shop);
        installShop(shop, packTagdeploy(join(work, 'packs')));
        initShopRepo(shop, remote);
      },
    },
    commands,
    editSettings: (edit) => editJson(join(shop, 'nx.json'), (nxJson) => edit((nxJson.plugins as { options: Record<string, unknown> }[])[0].options)),
    afterFirstBackendRelease() {
      step('A fix to payments-api: release, deploy and promote it; each deployment is one commit to the GitOps repo');
      commitFix(shop, 'services/payments-api/src/main.ts', 'idempotency keys are checked first', 'fix(payments-api): check idempotency keys first');
      commands.release('payments-api');
      commands.deploy('payments-api', 'staging');
      commands.promote('payments-api', 'production');
      step('payments-api in production, run from its image by digest with no Docker engine: /health answers its version, before and after a rollback');
      const served = serveInBackground(shop, 'payments-api', 'production');
      try {
        showHealth(served.url, '0.1.1');
        commands.rollback('payments-api', 'production', 'demo: error rate up');
        showHealth(served.url, '0.1.0');
      } finally {
        served.stop();
      }
    },
    rollbackIncludes: 'Nx start-up and project graph',
    nextSteps: [
      `The workspace is left in ${shop}. Serve production and open the URL it prints:`,
      `  cd ${shop} && npx nx serve-release checkout --env=production`,
      'Or plan another product: npx nx release-product storefront --dry-run',
    ],
  });
}
