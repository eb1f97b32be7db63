// Decides a deploy, promote or rollback from facts read before (pure). Bad input is a
// TagdeployError that names the env and the version and says what to do; "already live" is a
// normal plan with status 'already-live'.
import { TagdeployError } from '../errors/tagdeploy-error';
import type { DeploymentFacts, DeploymentPlan, DeploymentRequest } from './deployment-plan';
import type { EnvironmentConfig } from './environments-schema';
import type { EnvState } from './env-state';
import { resolveRollbackTarget } from './resolve-rollback-target';
import { command, settingsFile } from '../commands/spelling';

export function buildDeploymentPlan(facts: DeploymentFacts, request: DeploymentRequest): DeploymentPlan {
  const { product } = facts;
  const { env } = request;
  const config = checkEnv(facts, env);
  const target: EnvState = facts.target ?? { product, env, pointer: null, etag: null, history: [] };
  const from = target.pointer?.version ?? null;
  const { to, sourceEnv } = resolveTargetVersion(facts, request, config, target);
  requireSealed(facts, to, env);
  const reason = request.reason?.trim() || null;
  const status = to === from ? 'already-live' : 'ready';
  const needsApproval = config.approval === 'required';
  if (status === 'ready' && request.action === 'rollback' && needsApproval && !reason) {
    throw new TagdeployError(
      'REASON_REQUIRED',
      `Rolling back ${env} of ${product} (${from} → ${to}) needs a reason, because ${env} requires approval: pass --reason="<what went wrong>".`,
    );
  }
  const lastSeq = Math.max(target.pointer?.seq ?? 0, target.lastHistorySeq ?? 0, ...target.history.map((entry) => entry.seq));
  return {
    status,
    product,
    env,
    action: request.action,
    from,
    to,
    expectedEtag: target.etag,
    seq: lastSeq + 1,
    needsApproval: status === 'ready' && needsApproval,
    ...(sourceEnv !== undefined ? { sourceEnv } : {}),
    reason,
  };
}

function checkEnv(facts: DeploymentFacts, env: string): EnvironmentConfig {
  const { product, environments, productEnvs } = facts;
  const declared = Object.keys(environments);
  if (!Object.hasOwn(environments, env)) {
    throw new TagdeployError(
      'UNKNOWN_ENV',
      declared.length === 0
        ? `No environments are declared, so ${product} cannot go to "${env}". Declare them under "environments" in ${settingsFile} (for example staging and production).`
        : `Unknown environment "${env}" for ${product}: the declared environments are ${declared.join(', ')}. Use one of them, or declare "${env}" under "environments" in ${settingsFile}.`,
    );
  }
  if (productEnvs !== undefined && !productEnvs.includes(env)) {
    throw new TagdeployError(
      'ENV_NOT_ALLOWED',
      `${product} does not go to ${env}: its tagdeploy.json limits it to ${productEnvs.join(', ') || 'no environment'}. Use one of those, or add "${env}" to "environments" in its tagdeploy.json.`,
    );
  }
  return environments[env];
}

function resolveTargetVersion(
  facts: DeploymentFacts,
  request: DeploymentRequest,
  config: EnvironmentConfig,
  target: EnvState,
): { to: string; sourceEnv?: string } {
  switch (request.action) {
    case 'deploy':
      return { to: request.release ?? newestSealed(facts, request.env) };
    case 'promote':
      return resolvePromotion(facts, request, config);
    case 'rollback':
      return { to: resolveRollback(facts, request, target) };
  }
}

function newestSealed(facts: DeploymentFacts, env: string): string {
  const newest = facts.releases.sealed.at(-1);
  if (newest !== undefined) return newest;
  const { product } = facts;
  const unfinished = facts.releases.unsealed.length
    ? ` (${facts.releases.unsealed.join(', ')} did not finish: running it again resumes it)`
    : '';
  throw new TagdeployError('NO_SEALED_RELEASE', `${product} has no sealed release to deploy to ${env}${unfinished}. Run "${command('release', product)}" first.`);
}

function resolvePromotion(facts: DeploymentFacts, request: DeploymentRequest, config: EnvironmentConfig): { to: string; sourceEnv: string } {
  const { product } = facts;
  const { env } = request;
  const source = config.promoteFrom;
  if (source === undefined) {
    const promotable = Object.entries(facts.environments).filter(([, c]) => c.promoteFrom !== undefined).map(([name]) => name);
    const hint = promotable.length ? ` Environments that promote: ${promotable.join(', ')}.` : '';
    throw new TagdeployError(
      'NO_PROMOTION_SOURCE',
      `${env} has no "promoteFrom", so nothing can be promoted to it. Deploy ${product} there with "${command('deploy', product, { env })}", or set "promoteFrom" for ${env} in ${settingsFile}.${hint}`,
    );
  }
  if (facts.productEnvs !== undefined && !facts.productEnvs.includes(source)) {
    throw new TagdeployError(
      'ENV_NOT_ALLOWED',
      `Cannot promote ${product} to ${env}: ${env} is promoted from ${source}, but its tagdeploy.json limits ${product} to ${facts.productEnvs.join(', ')}. Deploy with "${command('deploy', product, { env })}" instead, or add "${source}" to "environments" in its tagdeploy.json.`,
    );
  }
  const running = facts.source?.pointer?.version;
  if (running === undefined) {
    throw new TagdeployError(
      'SOURCE_ENV_EMPTY',
      `Cannot promote ${product} to ${env}: ${source} runs no release of it yet. Deploy to ${source} first: ${command('deploy', product, { env: source })}.`,
    );
  }
  if (request.release !== undefined && request.release !== running) {
    throw new TagdeployError(
      'PROMOTE_MISMATCH',
      `Cannot promote ${product} ${request.release} to ${env}: ${source} runs ${running}, and promote takes exactly what ${source} runs. Deploy ${request.release} to ${source} first, or leave out --release.`,
    );
  }
  return { to: running, sourceEnv: source };
}

function resolveRollback(facts: DeploymentFacts, request: DeploymentRequest, target: EnvState): string {
  const { product } = facts;
  const { env } = request;
  const current = target.pointer?.version;
  if (current === undefined) {
    throw new TagdeployError(
      'NO_EARLIER_RELEASE',
      `${env} runs no release of ${product}, so there is nothing to roll back. Deploy one first: ${command('deploy', product, { env })}.`,
    );
  }
  const earlier = [...new Set(target.history.map((entry) => entry.version))].filter((v) => v !== current).reverse();
  if (request.release !== undefined) {
    if (request.release === current || earlier.includes(request.release)) return request.release;
    throw new TagdeployError(
      'NOT_IN_HISTORY',
      `${product} ${request.release} never ran in ${env}: a rollback returns to a release the env ran before (${earlier.join(', ') || 'none'}). To put ${request.release} there, use "${command('deploy', product, { env, release: request.release })}".`,
    );
  }
  const previous = resolveRollbackTarget(current, target.history);
  if (previous === null) {
    const ran = earlier.length
      ? `it runs ${current}; ${earlier.join(', ')} ${earlier.length > 1 ? 'were' : 'was'} already rolled back from`
      : `it has only run ${current}`;
    throw new TagdeployError(
      'NO_EARLIER_RELEASE',
      `${env} has no earlier release of ${product} to roll back to (${ran}). Deploy the release you want instead: ${command('deploy', product, { env, release: '<version>' })}.`,
    );
  }
  return previous;
}

function requireSealed(facts: DeploymentFacts, version: string, env: string): void {
  const { product, releases } = facts;
  if (releases.sealed.includes(version)) return;
  const pick = releases.sealed.length ? `pick a sealed release: ${releases.sealed.join(', ')}` : 'no release of it is sealed yet';
  if (releases.unsealed.includes(version)) {
    throw new TagdeployError(
      'UNSEALED_RELEASE',
      `${product} ${version} is not sealed (its release.json is missing: the release did not finish), so it cannot go to ${env}. Run "${command('release', product)}" to finish it, or ${pick}.`,
    );
  }
  throw new TagdeployError(
    'UNKNOWN_RELEASE',
    `No release of ${product} at ${version}, so it cannot go to ${env}. Run "${command('release', product)}" first, or ${pick}.`,
  );
}
