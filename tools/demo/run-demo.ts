// npm run demo: a fresh temp copy of examples/shop with the packed plugin installed, a git history
// and a bare remote; two releases of checkout with their plans; then the tags and release folders.
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

function show(command: string[], args: string[] = command): void {
  process.stdout.write(`$ ${command.join(' ')}\n`);
  const run = spawnSync(process.execPath, [nxBin(shop), ...args, '--outputStyle=static'], { cwd: shop, stdio: 'inherit', env: { ...process.env, ...nxEnv } });
  if (run.status !== 0) throw new Error(`"${command.join(' ')}" failed with exit code ${run.status}`);
}

const git = (...args: string[]) => execFileSync('git', args, { cwd: shop, encoding: 'utf8' });

step(`A fresh copy of examples/shop in ${shop}, with @tagdeploy/nx installed from its packed tarball`);
copyShopSources(shop);
installShop(shop, packTagdeploy(join(work, 'packs')));
initShopRepo(shop, join(work, 'remote.git'));
process.stdout.write(git('log', '--oneline'));

step('Plan the first release of checkout (dry run: nothing changes)');
show(['nx', 'release-product', 'checkout', '--dry-run'], ['release-product', 'checkout', '--dry-run']);

step('Release checkout: build once, tag, claim the tag on the remote, publish, seal');
show(['nx', 'release-product', 'checkout'], ['release-product', 'checkout']);

step('Fix a bug in the shared ui library, which checkout and storefront both use');
appendFileSync(join(shop, 'packages/ui/src/index.ts'), '\n// prices now round half up\n');
git('commit', '-qam', 'fix(ui): round prices half up');
process.stdout.write(git('log', '--oneline', '-1'));

step('Plan again: checkout gets a patch through ui; storefront is affected but not released');
show(['nx', 'release-product', 'checkout', '--dry-run'], ['release-product', 'checkout', '--dry-run']);
show(['nx', 'release-product', 'checkout'], ['release-product', 'checkout']);

step('Tags on the remote, with their changelog sections');
process.stdout.write(execFileSync('git', ['tag', '-n20', '-l'], { cwd: join(work, 'remote.git'), encoding: 'utf8' }));

step('Release folders in the store (.tagdeploy/store)');
const store = join(shop, '.tagdeploy', 'store');
const walk = (dir: string): string[] =>
  readdirSync(dir)
    .filter((name) => name !== '.meta')
    .flatMap((name) => (statSync(join(dir, name)).isDirectory() ? walk(join(dir, name)) : [relative(store, join(dir, name))]));
for (const file of walk(store).sort()) process.stdout.write(`  ${file}\n`);

step('Done');
process.stdout.write(`The workspace is left in ${shop}; try: cd ${shop} && npx nx release-product storefront --dry-run\n`);
