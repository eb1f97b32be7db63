// npm run demo: a fresh temp copy of examples/shop with the packed plugin installed, a git history
// and a bare remote; two releases of checkout with their plans, deployed to staging, promoted to
// production and rolled back; then the status table, the tags and the release folders.
import { execFileSync, spawnSync } from 'node:child_process';
import { appendFileSync, mkdtempSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { copyShopSources, initShopRepo, installShop, nxBin, nxEnv, packTagdeploy } from '../shop/shop-files';

const work = mkdtempSync(join(tmpdir(), 'tagdeploy-demo-'));
const shop = join(work, 'shop');

function step(title: string): void {
  process.stdout.write(`\n\x1b[1m== ${title}\x1b[0m\n`);
}

/** Runs `nx <args>` in the shop, showing the command and its output; returns its wall time in ms. */
function nx(...args: string[]): number {
  process.stdout.write(`$ nx ${args.join(' ')}\n`);
  const started = Date.now();
  const run = spawnSync(process.execPath, [nxBin(shop), ...args, '--outputStyle=static'], { cwd: shop, stdio: 'inherit', env: { ...process.env, ...nxEnv } });
  if (run.status !== 0) throw new Error(`"nx ${args.join(' ')}" failed with exit code ${run.status}`);
  return Date.now() - started;
}

const approve = ['--approve', '--approved-by=Demo Lead'];

const git = (...args: string[]) => execFileSync('git', args, { cwd: shop, encoding: 'utf8' });

step(`A fresh copy of examples/shop in ${shop}, with @tagdeploy/nx installed from its packed tarball`);
copyShopSources(shop);
installShop(shop, packTagdeploy(join(work, 'packs')));
initShopRepo(shop, join(work, 'remote.git'));
process.stdout.write(git('log', '--oneline'));

step('Plan the first release of checkout (dry run: nothing changes)');
nx('release-product', 'checkout', '--dry-run');

step('Release checkout: build once, tag, claim the tag on the remote, publish, seal');
nx('release-product', 'checkout');

step('Deploy it to staging, then promote exactly that release to production (approval required)');
nx('deploy', 'checkout', '--env=staging');
nx('promote', 'checkout', '--to=production', ...approve);

step('Fix a bug in the shared ui library, which checkout and storefront both use');
appendFileSync(join(shop, 'packages/ui/src/index.ts'), '\n// prices now round half up\n');
git('commit', '-qam', 'fix(ui): round prices half up');
process.stdout.write(git('log', '--oneline', '-1'));

step('Plan again: checkout gets a patch through ui; storefront is affected but not released');
nx('release-product', 'checkout', '--dry-run');
nx('release-product', 'checkout');

step('Deploy the fix to staging and promote it to production');
nx('deploy', 'checkout', '--env=staging');
nx('promote', 'checkout', '--to=production', ...approve);

step('Production misbehaves: roll it back to the previous release (no rebuild, no upload)');
const rollbackMs = nx('rollback', 'checkout', '--env=production', '--reason=demo: totals look wrong', ...approve);

step('What is live where, and every deployment');
nx('release-status', 'checkout', '--history');

step('A backend: payments-api is a container product. Its release is one image, built once and pushed by digest');
nx('release-product', 'payments-api');
nx('deploy', 'payments-api', '--env=staging');
nx('promote', 'payments-api', '--to=production', ...approve);

step('A fix to payments-api: release, deploy and promote it; each deployment is one commit to the GitOps repo');
appendFileSync(join(shop, 'services/payments-api/src/main.ts'), '\n// idempotency keys are checked first\n');
git('commit', '-qam', 'fix(payments-api): check idempotency keys first');
nx('release-product', 'payments-api');
nx('deploy', 'payments-api', '--env=staging');
nx('promote', 'payments-api', '--to=production', ...approve);
nx('rollback', 'payments-api', '--env=production', '--reason=demo: error rate up', ...approve);

step('Static and container products side by side');
nx('run-many', '-t', 'release-status', '--projects=checkout,payments-api');

step('The GitOps repo (.tagdeploy/gitops.git): one commit per deployment, with trailers');
process.stdout.write(execFileSync('git', ['--git-dir', join(shop, '.tagdeploy', 'gitops.git'), 'log', '--format=%h %s%n%(trailers:only,unfold)', '-4'], { encoding: 'utf8' }));

step('Tags on the remote, with their changelog sections');
process.stdout.write(execFileSync('git', ['tag', '-n20', '-l'], { cwd: join(work, 'remote.git'), encoding: 'utf8' }));

step('The store (.tagdeploy/store): frozen release folders and env pointers with their history');
const store = join(shop, '.tagdeploy', 'store');
const walk = (dir: string): string[] =>
  readdirSync(dir)
    .filter((name) => name !== '.meta')
    .flatMap((name) => (statSync(join(dir, name)).isDirectory() ? walk(join(dir, name)) : [relative(store, join(dir, name))]));
for (const file of walk(store).sort()) process.stdout.write(`  ${file}\n`);

step('Done');
process.stdout.write(`The rollback took ${(rollbackMs / 1000).toFixed(1)} s, Nx start-up included.\n`);
process.stdout.write(`The workspace is left in ${shop}. Serve production and open the URL it prints:\n`);
process.stdout.write(`  cd ${shop} && npx nx serve-release checkout --env=production\n`);
process.stdout.write(`Or plan another product: npx nx release-product storefront --dry-run\n`);
