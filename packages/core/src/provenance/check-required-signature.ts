// An env with "requireSignature": deploy, promote and rollback go ahead only with a release whose
// signed provenance verifies. Called after the backend's own check and before approval, so a
// refusal changes nothing and nobody is asked to approve a release that cannot go.
import { TagdeployError } from '../errors/tagdeploy-error';
import { settingsFile } from '../commands/spelling';
import type { PluginOptions, ProductConfig } from '../config/config-schema';
import type { DeploymentPlan } from '../env/deployment-plan';
import { locateReleaseImage } from '../gitops/locate-release-image';
import type { Reporter } from '../release/ports';
import type { ObjectStore } from '../store/object-store';
import { readVerificationKey } from './read-signing-key';
import { verifyReleaseProvenance } from './verify-release-provenance';

export interface SignatureGate {
  settings: PluginOptions;
  config: ProductConfig;
  store: ObjectStore;
  workspaceRoot: string;
  environment: NodeJS.ProcessEnv;
  reporter: Reporter;
}

export async function checkRequiredSignature(plan: DeploymentPlan, gate: SignatureGate): Promise<void> {
  if (gate.settings.environments[plan.env]?.requireSignature !== true) return;
  const key = readVerificationKey({ signing: gate.settings.signing, workspaceRoot: gate.workspaceRoot, environment: gate.environment });
  if (!key) {
    throw new TagdeployError(
      'RELEASE_UNVERIFIED',
      `${plan.env} requires signed releases ("requireSignature": true), but ${settingsFile} names no key to verify with: set signing.publicKey (the public key, committed). Nothing changed.`,
    );
  }
  await verifyReleaseProvenance({
    store: gate.store,
    product: plan.product,
    version: plan.to,
    key,
    images: (pullName) => locateReleaseImage(pullName, gate.workspaceRoot, { env: gate.environment }),
    // A static deploy or promote has just hashed every byte against release.json (the backend's
    // check); a rollback has not, and with a required signature it must.
    hashFiles: gate.config.kind !== 'static' || plan.action === 'rollback',
    reporter: gate.reporter,
  }).catch((error: unknown) => {
    if (error instanceof TagdeployError) throw new TagdeployError(error.code, `${plan.env} requires signed releases: ${error.message.replace(/ Nothing (was )?changed\.$/, '')} Nothing changed.`);
    throw error;
  });
}
