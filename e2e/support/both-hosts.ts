// One workspace per host for the scenario tables of e2e/hosts: the Nx plugin in a copy of
// examples/shop and the tagdeploy CLI in a copy of examples/turbo-shop, driven by the same verbs
// and flags, each spelled the way that host's user types them.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createShop, type RunResult, type Shop } from './shop';
import { createTurboShop, type TurboShop } from './turbo-shop';

export type HostName = 'nx' | 'cli';
export type Verb = 'release' | 'abandon' | 'verify' | 'prune' | 'deploy' | 'promote' | 'rollback' | 'status' | 'serve';
export type Flags = Record<string, string | true>;

export interface HostShop {
  host: HostName;
  /** Runs the verb for a product with its flags (as --flag=value for nx, --flag value for the CLI). */
  run(verb: Verb, product: string, flags?: Flags, env?: Record<string, string>): RunResult;
  /** Edits the workspace settings (nx.json's plugin options, or tagdeploy.config.json) and commits them. */
  editSettings(edit: (settings: Record<string, unknown>) => void): void;
  /** The host's name of the flag that also writes the result to a file. */
  outputFlag: string;
  shop: Shop | TurboShop;
}

const nxTarget: Record<Verb, string> = { release: 'release-product', abandon: 'abandon-release', verify: 'release-verify', prune: 'release-prune', deploy: 'deploy', promote: 'promote', rollback: 'rollback', status: 'release-status', serve: 'serve-release' };

export const openHostShop: Record<HostName, () => Promise<HostShop>> = {
  nx: async () => {
    const shop = await createShop();
    return {
      host: 'nx',
      shop,
      outputFlag: 'outputFile',
      run: (verb, product, flags = {}, env) =>
        shop.nx([nxTarget[verb], product, ...Object.entries(flags).map(([flag, value]) => (value === true ? `--${flag}` : `--${flag}=${value}`))], env),
      editSettings: (edit) => commitJson(shop, 'nx.json', (nxJson) => edit((nxJson.plugins as { options: Record<string, unknown> }[])[0].options)),
    };
  },
  cli: async () => {
    const shop = await createTurboShop();
    return {
      host: 'cli',
      shop,
      outputFlag: 'output-file',
      run: (verb, product, flags = {}, env) => shop.tagdeploy([verb, product, ...Object.entries(flags).flatMap(([flag, value]) => (value === true ? [`--${flag}`] : [`--${flag}`, value]))], env),
      editSettings: (edit) => commitJson(shop, 'tagdeploy.config.json', edit),
    };
  },
};

/** Edits a JSON file of the shop and commits it. */
export function commitJson(shop: Shop | TurboShop, file: string, edit: (json: Record<string, unknown>) => void): void {
  const json = JSON.parse(readFileSync(join(shop.dir, file), 'utf8')) as Record<string, unknown>;
  edit(json);
  writeFileSync(join(shop.dir, file), `${JSON.stringify(json, null, 2)}\n`);
  shop.git(['commit', '-q', '-am', `chore: edit ${file}`]);
}

/** What a refused command may change and must not: tags here and on the remote, the store, HEAD, the work tree. */
export async function shopState(shop: Shop | TurboShop) {
  return {
    tags: shop.localTags(),
    remote: shop.remoteTags(),
    store: await shop.storeFiles().catch(() => 'unreadable'),
    head: shop.git(['rev-parse', 'HEAD']),
    status: shop.git(['status', '--porcelain']),
  };
}

/** The one error line of the given code in a run that failed. */
export function errorLine(run: RunResult, code: string): string | undefined {
  return new RegExp(`tagdeploy error \\[${code}\\]: (.*)`).exec(run.output)?.[1];
}
