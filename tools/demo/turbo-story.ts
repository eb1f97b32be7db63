// The Turborepo story: the same story as the Nx one through the tagdeploy CLI, in a fresh temp
// copy of examples/turbo-shop (Turborepo + pnpm, installed by the pinned pnpm from its lockfile)
// with a git history and a bare remote: two releases of checkout deployed, promoted and rolled
// back, then payments-api through the GitOps repo, the status of every product, storefront's
// signed releases verified, tampered with, rebuilt and pruned, the tags and the release folders.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { copyShopSources, initShopRepo, pnpmBin, repoRoot, turboEnv, turboShopRoot } from '../shop/shop-files';
import { approver, demoFolders, editJson, runShown, tellStory, type RollbackTiming } from './demo-steps';

const cliBin = join(repoRoot, 'packages', 'cli', 'bin', 'tagdeploy.js');

/** An argument as a shell would need it typed: quoted when it holds a space or a shell character. */
const shown = (arg: string) => (/^[\w@./=:,-]+$/.test(arg) ? arg : `"${arg.replace(/["\\$`]/g, '\\$&')}"`);

/** Tells the Turborepo story; returns how long checkout's rollback took. */
export function turboStory(): RollbackTiming {
  const { dir: shop, remote } = demoFolders('turbo-shop');

  const tagdeployExpecting = (expect: 'success' | 'failure', args: string[]) => runShown(`tagdeploy ${args.map(shown).join(' ')}`, cliBin, args, shop, turboEnv, expect);
  const tagdeploy = (...args: string[]) => tagdeployExpecting('success', args);
  const approve = ['--approve', '--approved-by', approver];

  return tellStory({
    dir: shop,
    remote,
    setUp: {
      title: `A fresh copy of examples/turbo-shop in ${shop}, its dependencies installed by the pinned pnpm from the lockfile`,
      run() {
        copyShopSources(shop, turboShopRoot);
        const install = spawnSync(process.execPath, [pnpmBin, 'install', '--frozen-lockfile', '--reporter=append-only'], {
          cwd: shop,
          stdio: ['ignore', 'ignore', 'inherit'],
        });
        if (install.status !== 0) throw new Error(`pnpm install --frozen-lockfile failed with exit code ${install.status}`);
        initShopRepo(shop, remote);
      },
    },
    commands: {
      release: (product, dryRun) => tagdeploy('release', product, ...(dryRun ? ['--dry-run'] : [])),
      deploy: (product, env) => tagdeploy('deploy', product, '--env', env),
      promote: (product, to) => tagdeploy('promote', product, '--to', to, ...approve),
      rollback: (product, env, reason) => tagdeploy('rollback', product, '--env', env, '--reason', reason, ...approve),
      status: (product) => tagdeploy('status', product, '--history'),
      statusAll: () => tagdeploy('status'),
      verify: (product, { release, rebuild, expectFailure }) =>
        tagdeployExpecting(expectFailure ? 'failure' : 'success', ['verify', product, ...(release ? ['--release', release] : []), ...(rebuild ? ['--rebuild'] : [])]),
      prune: (product, keep) => tagdeploy('prune', product, '--keep', String(keep)),
    },
    editSettings: (edit) => editJson(join(shop, 'tagdeploy.config.json'), edit),
    rollbackIncludes: 'node start-up and reading the workspace',
    nextSteps: [
      `The workspace is left in ${shop}. Serve production and open the URL it prints:`,
      `  cd ${shop} && node ${cliBin} serve checkout --env production`,
      `Or plan another product: node ${cliBin} release storefront --dry-run`,
    ],
  });
}
