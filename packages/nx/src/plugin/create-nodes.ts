// createNodes: every project with a tagdeploy.json beside its project file gets the inferred
// tagdeploy targets. The file's content is validated by the executors (all problems at once), so
// that one bad product never breaks the project graph of the whole workspace.
import { dirname } from 'node:path';
import type { CreateNodesV2, TargetConfiguration } from '@nx/devkit';
import { parsePluginOptions, renderError, type PluginOptions, type PluginOptionsInput } from '@tagdeploy/core';
import { nxSpelling } from '../adapters/nx-spelling';

export const productFileGlob = '**/tagdeploy.json';

export const createNodes: CreateNodesV2<PluginOptionsInput> = [
  productFileGlob,
  (files, rawOptions) => {
    const options = parseOptionsForNx(rawOptions);
    return files.map((file) => {
      const root = dirname(file);
      const product = root.split('/').pop() ?? root;
      return [file, { projects: { [root]: { root, targets: inferTargets(product, options) } } }] as const;
    });
  },
];

/** Bad plugin options stop the graph: Nx shows the message as it is, so it is rendered here, in Nx's spelling. */
function parseOptionsForNx(rawOptions: PluginOptionsInput | undefined): PluginOptions {
  try {
    return parsePluginOptions(rawOptions);
  } catch (error) {
    throw new Error(renderError(error, nxSpelling((rawOptions as { targetNames?: unknown } | undefined)?.targetNames)), { cause: error });
  }
}

type TargetKey = keyof PluginOptions['targetNames'];

function inferTargets(product: string, options: PluginOptions): Record<string, TargetConfiguration> {
  const names = options.targetNames;
  const envs = Object.keys(options.environments);
  const first = envs[0] ?? 'staging';
  const promoted = envs.find((env) => options.environments[env].promoteFrom) ?? 'production';
  const target = (key: TargetKey, description: string, extra: Partial<TargetConfiguration> = {}): [string, TargetConfiguration] => [
    names[key],
    {
      executor: `@tagdeploy/nx:${executorOf[key]}`,
      cache: false,
      options: {},
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
    target('deploy', `Point an environment at a sealed release of ${product}, without rebuilding: "nx ${names.deploy} ${product} --env=${first}".`),
    target('promote', `Give an environment exactly the release its promoteFrom environment runs: "nx ${names.promote} ${product} --to=${promoted}".`),
    target('rollback', `Switch an environment back to the release it ran before, in seconds: "nx ${names.rollback} ${product} --env=${promoted}".`),
    target('releaseStatus', `What is live where for ${product}: version, tag, commit, when, who, approver, drift. --history lists every deployment.`),
    // Not continuous: Nx reports a continuous task that nothing depends on as a success whatever
    // its exit code, so a server that cannot listen would "succeed".
    // One configuration per env: Nx names a task by project, target and configuration (never by
    // options), so "-c staging" and "-c production" are two tasks that can run at once, also when
    // the target is made continuous (Nx waits for a continuous task of the same name elsewhere).
    target('serveRelease', `Serve what an environment of ${product} points at, from the store, on a local port (the local router): "nx ${names.serveRelease} ${product} -c ${first}".`, {
      configurations: Object.fromEntries(envs.map((env) => [env, { env }])),
    }),
  ]);
}

const executorOf: Record<TargetKey, string> = {
  releaseProduct: 'release-product',
  abandonRelease: 'abandon-release',
  releaseVerify: 'release-verify',
  deploy: 'deploy',
  promote: 'promote',
  rollback: 'rollback',
  releaseStatus: 'release-status',
  serveRelease: 'serve-release',
};
