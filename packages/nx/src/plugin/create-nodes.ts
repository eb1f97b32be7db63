// createNodes: every project with a tagdeploy.json beside its project file gets the inferred
// tagdeploy targets. It runs in every Nx command of the workspace, so it costs next to nothing:
// no file is read (the tagdeploy.json content is validated by the executors, so that one bad
// product never breaks the project graph of the whole workspace), no git, no network, and no
// part of the engine is loaded; the options are validated once per change (read-target-settings).
import { dirname } from 'node:path';
import type { CreateNodesV2, TargetConfiguration } from '@nx/devkit';
import { workspaceDataDirectory } from 'nx/src/utils/cache-directory';
import type { PluginOptionsInput } from '@tagdeploy/core/plugin-options';
import { readTargetSettings, type TargetKey, type TargetSettings } from './read-target-settings';

export const productFileGlob = '**/tagdeploy.json';

export const createNodes: CreateNodesV2<PluginOptionsInput> = [
  productFileGlob,
  (files, rawOptions) => {
    const settings = readTargetSettings(rawOptions, workspaceDataDirectory);
    return files.map((file) => {
      const root = dirname(file);
      const product = root.split('/').pop() ?? root;
      return [file, { projects: { [root]: { root, targets: inferTargets(product, settings) } } }] as const;
    });
  },
];

function inferTargets(product: string, { targetNames: names, envs, firstEnv: first, promotedEnv: promoted, promotedEnvs }: TargetSettings): Record<string, TargetConfiguration> {
  const envList = envs.join(', ') || 'none configured';
  const promotedList = promotedEnvs.join(', ') || 'none is promoted from another';
  const target = (key: TargetKey, description: string, extra: Partial<TargetConfiguration> = {}): [string, TargetConfiguration] => [
    names[key],
    {
      executor: `@tagdeploy/nx:${executorOf[key]}`,
      cache: false,
      ...extra,
      metadata: { technologies: ['tagdeploy'], description },
    },
  ];
  return Object.fromEntries([
    target(
      'releaseProduct',
      `Release ${product}: plan the next version from conventional commits (its own and its dependencies'), tag it, build it once and publish it as a frozen release. Try "nx ${names.releaseProduct} ${product} --dry-run".`,
    ),
    target(
      'abandonRelease',
      `Give up a claimed release of ${product} that can never be sealed: the tag stays, the next release takes the next version. "nx ${names.abandonRelease} ${product} --release=<version> --reason=<why>".`,
    ),
    target(
      'releaseVerify',
      `Check ${product}'s releases that envs point at (or --release=<version>) against their signed provenance: signature, release.json, every stored byte, image digest, tag.`,
    ),
    target(
      'releasePrune',
      `Delete old releases of ${product} from the store, never one an env runs or may roll back to, nor a tag: "nx ${names.releasePrune} ${product} --dry-run".`,
    ),
    // The envs as configurations too: an executor's schema.json is static, so its --env cannot
    // list the workspace's envs, but Nx (and Nx Console) offer a target's configurations.
    target('deploy', `Point an environment (${envList}) at a sealed release of ${product}, without rebuilding: "nx ${names.deploy} ${product} --env=${first}" or "-c ${first}".`, {
      configurations: perEnv(envs, 'env'),
    }),
    target('promote', `Give an environment (${promotedList}) exactly the release its promoteFrom environment runs: "nx ${names.promote} ${product} --to=${promoted}" or "-c ${promoted}".`, {
      configurations: perEnv(promotedEnvs, 'to'),
    }),
    target('rollback', `Switch an environment (${envList}) back to the release it ran before, in seconds: "nx ${names.rollback} ${product} --env=${promoted}" or "-c ${promoted}".`, {
      configurations: perEnv(envs, 'env'),
    }),
    target('releaseStatus', `What is live where for ${product}: version, tag, commit, when, who, approver, drift. --history lists every deployment.`),
    // Not continuous: Nx reports a continuous task that nothing depends on as a success whatever
    // its exit code, so a server that cannot listen would "succeed".
    // One configuration per env: Nx names a task by project, target and configuration (never by
    // options), so "-c staging" and "-c production" are two tasks that can run at once, also when
    // the target is made continuous (Nx waits for a continuous task of the same name elsewhere).
    target('serveRelease', `Serve what an environment of ${product} points at, from the store, on a local port (the local router): "nx ${names.serveRelease} ${product} -c ${first}".`, {
      configurations: perEnv(envs, 'env'),
    }),
  ]);
}

/** One configuration per env that sets the option naming it: "-c production" is "--env=production". */
const perEnv = (envs: string[], option: 'env' | 'to'): Record<string, Record<string, string>> => Object.fromEntries(envs.map((env) => [env, { [option]: env }]));

const executorOf: Record<TargetKey, string> = {
  releaseProduct: 'release-product',
  abandonRelease: 'abandon-release',
  releaseVerify: 'release-verify',
  releasePrune: 'release-prune',
  deploy: 'deploy',
  promote: 'promote',
  rollback: 'rollback',
  releaseStatus: 'release-status',
  serveRelease: 'serve-release',
};
