// nx release-product <product>: normalize options, build the ports, plan, print or apply.
import { writeFileSync } from 'node:fs';
import type { ExecutorContext } from '@nx/devkit';
import {
  applyReleasePlan,
  GitCli,
  planRelease,
  renderReleaseOutcome,
  renderReleasePlan,
  systemClock,
  type ContainerSettings,
  type ProductConfig,
} from '@tagdeploy/core';
import { NxProductBuilder } from '../../adapters/nx-product-builder';
import { loadProductContext } from '../../adapters/load-product-context';
import { stderrReporter } from '../../adapters/stderr-reporter';
import { runAtBoundary } from '../run-at-boundary';
import type { ReleaseProductOptions } from './schema';

export default async function releaseProductExecutor(options: ReleaseProductOptions, context: ExecutorContext) {
  return runAtBoundary(async () => {
    const reporter = stderrReporter(context.projectName as string);
    const { product, settings, workspace, products, store } = loadProductContext(context, reporter);
    const git = await GitCli.open(context.root);
    const today = systemClock.now().toISOString().slice(0, 10);

    const request = { product, releaseAs: options.releaseAs, preid: options.preid, firstRelease: options.firstRelease };
    const plan = await planRelease(request, { git, store, workspace, products, options: settings, today });
    if (options.dryRun) return print(plan, renderReleasePlan(plan), options);

    reporter.info(renderReleasePlan(plan));
    const outcome = await applyReleasePlan(
      plan,
      { git, store, builder: new NxProductBuilder(context.root), reporter, clock: systemClock },
      {
        workspace,
        releaseBranch: settings.releaseBranch,
        allowBranch: options.allowBranch ?? false,
        push: options.push ?? true,
        commit: products[product]?.commit ?? settings.commit,
        container: containerSettings(products[product], settings.registry, workspace.projects[product]?.root ?? ''),
      },
    );
    print(outcome, renderReleaseOutcome(outcome, store.url), options);
  });
}

function containerSettings(config: ProductConfig | undefined, registry: string, projectRoot: string): ContainerSettings | undefined {
  if (config?.kind !== 'container') return undefined;
  const { image, builder, baseImage, entrypoint, dockerfile, context, buildArgs } = config;
  const configPath = `${projectRoot ? `${projectRoot}/` : ''}tagdeploy.json`;
  return { registry, image, builder, builderOptions: { baseImage, entrypoint, dockerfile, context, buildArgs, configPath } };
}

function print(result: object, text: string, options: ReleaseProductOptions): void {
  const json = `${JSON.stringify(result, null, 2)}\n`;
  if (options.outputFile) writeFileSync(options.outputFile, json);
  process.stdout.write(options.json ? json : `${text}\n`);
}
