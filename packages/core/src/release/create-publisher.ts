// Chooses the Publisher of a release by its kind, from the settings the command layer resolved
// for the product (registry and builder of a container; package, registry and released
// dependencies of an npm package).
import type { Git } from '../git/git-port';
import type { ReleasePlan } from '../plan/release-plan';
import { ContainerPublisher, type ContainerSettings } from './container-publisher';
import { NpmPublisher, type NpmSettings } from './npm-publisher';
import type { Publisher } from './publisher';
import { StaticPublisher, type PublisherContext } from './static-publisher';

/** What a kind needs besides the ports, keyed by kind; a static product needs nothing more. */
export type ArtifactSettings = { kind: 'static' } | ({ kind: 'container' } & ContainerSettings) | ({ kind: 'npm' } & NpmSettings);

export function createPublisher(plan: ReleasePlan, settings: ArtifactSettings | undefined, context: PublisherContext & { git: Git }): Publisher {
  const chosen = settings ?? { kind: 'static' };
  if (chosen.kind !== plan.kind) throw new Error(`${plan.product} is a ${plan.kind} product but ${chosen.kind} settings were given (a bug in the caller).`);
  if (chosen.kind === 'container') return new ContainerPublisher(context, chosen);
  if (chosen.kind === 'npm') return new NpmPublisher(context, chosen);
  return new StaticPublisher(context);
}
