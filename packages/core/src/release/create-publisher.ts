// Chooses the Publisher of a release by its kind, from the settings the command layer resolved
// for the product (registry and builder of a container, registry of a package).
import type { Git } from '../git/git-port';
import type { ReleasePlan } from '../plan/release-plan';
import { TagdeployError } from '../errors/tagdeploy-error';
import { ContainerPublisher, type ContainerSettings } from './container-publisher';
import type { Publisher } from './publisher';
import { StaticPublisher, type PublisherContext } from './static-publisher';

/** What a kind needs besides the ports, keyed by kind; a static product needs nothing more. */
export type ArtifactSettings = { kind: 'static' } | ({ kind: 'container' } & ContainerSettings);

export function createPublisher(plan: ReleasePlan, settings: ArtifactSettings | undefined, context: PublisherContext & { git: Git }): Publisher {
  const chosen = settings ?? { kind: 'static' };
  if (plan.kind === 'npm') {
    throw new TagdeployError(
      'NOT_IMPLEMENTED',
      `${plan.product} is an npm product: npm releases are not available yet in this version of tagdeploy (static and container products release). Use --dry-run to see its plan.`,
    );
  }
  if (chosen.kind !== plan.kind) throw new Error(`${plan.product} is a ${plan.kind} product but ${chosen.kind} settings were given (a bug in the caller).`);
  if (chosen.kind === 'container') return new ContainerPublisher(context, chosen);
  return new StaticPublisher(context);
}
