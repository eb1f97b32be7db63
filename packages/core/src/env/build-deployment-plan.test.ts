import { describe, expect, it } from 'vitest';
import { buildDeploymentPlan } from './build-deployment-plan';
import type { DeploymentFacts, DeploymentRequest } from './deployment-plan';
import { anEnvState, environments, refusalOf, someFacts } from './testing/env-builders';

const refusal = (facts: DeploymentFacts, request: DeploymentRequest) => refusalOf(() => buildDeploymentPlan(facts, request));

describe('buildDeploymentPlan: deploy', () => {
  it('defaults to the newest sealed release, ignoring unfinished ones', () => {
    const plan = buildDeploymentPlan(someFacts(), { action: 'deploy', env: 'staging' });

    expect(plan).toEqual({
      status: 'ready',
      product: 'checkout',
      env: 'staging',
      action: 'deploy',
      from: null,
      to: '0.3.0',
      expectedEtag: null,
      seq: 1,
      needsApproval: false,
      reason: null,
    });
  });

  it('takes --release, replaces what runs, and expects the pointer it read', () => {
    const facts = someFacts({ target: anEnvState('staging', ['0.1.0', '0.2.0']) });

    const plan = buildDeploymentPlan(facts, { action: 'deploy', env: 'staging', release: '0.1.0' });

    expect(plan).toMatchObject({ status: 'ready', from: '0.2.0', to: '0.1.0', expectedEtag: 'etag-staging-2', seq: 3 });
  });

  it('needs approval for an env with approval required', () => {
    const facts = someFacts({ target: anEnvState('production', ['0.1.0']) });

    expect(buildDeploymentPlan(facts, { action: 'deploy', env: 'production' })).toMatchObject({ needsApproval: true, to: '0.3.0' });
  });

  it('is "already live", not an error, when the env runs that release', () => {
    const facts = someFacts({ target: anEnvState('production', ['0.3.0']) });

    const plan = buildDeploymentPlan(facts, { action: 'deploy', env: 'production' });

    expect(plan).toMatchObject({ status: 'already-live', from: '0.3.0', to: '0.3.0', needsApproval: false });
  });
});

describe('buildDeploymentPlan: promote', () => {
  it('takes exactly what the promoteFrom env runs', () => {
    const facts = someFacts({
      target: anEnvState('production', ['0.1.0']),
      source: anEnvState('staging', ['0.1.0', '0.2.0']),
    });

    const plan = buildDeploymentPlan(facts, { action: 'promote', env: 'production' });

    expect(plan).toMatchObject({ status: 'ready', action: 'promote', from: '0.1.0', to: '0.2.0', sourceEnv: 'staging', needsApproval: true, seq: 2 });
  });

  it('accepts --release when it is what the source runs', () => {
    const facts = someFacts({ target: anEnvState('production', []), source: anEnvState('staging', ['0.2.0']) });

    expect(buildDeploymentPlan(facts, { action: 'promote', env: 'production', release: '0.2.0' })).toMatchObject({ to: '0.2.0' });
  });
});

describe('buildDeploymentPlan: rollback', () => {
  const production = (...steps: Parameters<typeof anEnvState>[1]) => someFacts({ target: anEnvState('production', steps) });

  it('defaults to the previous distinct release in the env history', () => {
    const plan = buildDeploymentPlan(production('0.1.0', '0.2.0', '0.2.0', '0.3.0'), { action: 'rollback', env: 'production', reason: 'checkout broken' });

    expect(plan).toMatchObject({ status: 'ready', action: 'rollback', from: '0.3.0', to: '0.2.0', reason: 'checkout broken', needsApproval: true, seq: 5 });
  });

  it('skips a release that was repeated right before the current one', () => {
    const plan = buildDeploymentPlan(production('0.1.0', '0.2.0', '0.2.0'), { action: 'rollback', env: 'production', reason: 'r' });

    expect(plan.to).toBe('0.1.0');
  });

  it('goes further back on a second rollback instead of returning to the release rolled back from', () => {
    const facts = production('0.1.0', '0.2.0', '0.3.0', { version: '0.2.0', action: 'rollback' });

    expect(buildDeploymentPlan(facts, { action: 'rollback', env: 'production', reason: 'r' }).to).toBe('0.1.0');
  });

  it('takes --release when the env ran it before', () => {
    const plan = buildDeploymentPlan(production('0.1.0', '0.2.0', '0.3.0'), { action: 'rollback', env: 'production', release: '0.1.0', reason: 'r' });

    expect(plan).toMatchObject({ from: '0.3.0', to: '0.1.0' });
  });

  it('does not need a reason in an env without approval', () => {
    const facts = someFacts({ target: anEnvState('staging', ['0.1.0', '0.2.0']) });

    expect(buildDeploymentPlan(facts, { action: 'rollback', env: 'staging' })).toMatchObject({ to: '0.1.0', reason: null, needsApproval: false });
  });
});

describe('buildDeploymentPlan refuses bad input with the env, the version and the fix', () => {
  const cases: { name: string; facts: DeploymentFacts; request: DeploymentRequest; code: string; message: string }[] = [
    {
      name: 'unknown env',
      facts: someFacts(),
      request: { action: 'deploy', env: 'prod' },
      code: 'UNKNOWN_ENV',
      message: 'Unknown environment "prod" for checkout: the declared environments are staging, production. Use one of them, or declare "prod" under "environments" in ⟦settings⟧.',
    },
    {
      name: 'no environments declared',
      facts: someFacts({ environments: {} }),
      request: { action: 'deploy', env: 'staging' },
      code: 'UNKNOWN_ENV',
      message: 'No environments are declared, so checkout cannot go to "staging". Declare them under "environments" in ⟦settings⟧ (for example staging and production).',
    },
    {
      name: 'env not allowed for this product',
      facts: someFacts({ productEnvs: ['staging'] }),
      request: { action: 'deploy', env: 'production' },
      code: 'ENV_NOT_ALLOWED',
      message: 'checkout does not go to production: its tagdeploy.json limits it to staging. Use one of those, or add "production" to "environments" in its tagdeploy.json.',
    },
    {
      name: 'unsealed version',
      facts: someFacts(),
      request: { action: 'deploy', env: 'staging', release: '0.4.0' },
      code: 'UNSEALED_RELEASE',
      message: 'checkout 0.4.0 is not sealed (its release.json is missing: the release did not finish), so it cannot go to staging. Run "⟦release checkout⟧" to finish it, or pick a sealed release: 0.1.0, 0.2.0, 0.3.0.',
    },
    {
      name: 'unknown version',
      facts: someFacts(),
      request: { action: 'deploy', env: 'staging', release: '9.9.9' },
      code: 'UNKNOWN_RELEASE',
      message: 'No release of checkout at 9.9.9, so it cannot go to staging. Run "⟦release checkout⟧" first, or pick a sealed release: 0.1.0, 0.2.0, 0.3.0.',
    },
    {
      name: 'deploy with no sealed release at all',
      facts: someFacts({ releases: { sealed: [], unsealed: ['0.1.0'] } }),
      request: { action: 'deploy', env: 'staging' },
      code: 'NO_SEALED_RELEASE',
      message: 'checkout has no sealed release to deploy to staging (0.1.0 did not finish: running it again resumes it). Run "⟦release checkout⟧" first.',
    },
    {
      name: 'promote to an env with no promoteFrom',
      facts: someFacts(),
      request: { action: 'promote', env: 'staging' },
      code: 'NO_PROMOTION_SOURCE',
      message: 'staging has no "promoteFrom", so nothing can be promoted to it. Deploy checkout there with "⟦deploy checkout --env=staging⟧", or set "promoteFrom" for staging in ⟦settings⟧. Environments that promote: production.',
    },
    {
      name: 'promote whose source env is empty',
      facts: someFacts({ target: anEnvState('production', []), source: anEnvState('staging', []) }),
      request: { action: 'promote', env: 'production' },
      code: 'SOURCE_ENV_EMPTY',
      message: 'Cannot promote checkout to production: staging runs no release of it yet. Deploy to staging first: ⟦deploy checkout --env=staging⟧.',
    },
    {
      name: 'promote from an env the product does not use',
      facts: someFacts({ productEnvs: ['production'] }),
      request: { action: 'promote', env: 'production' },
      code: 'ENV_NOT_ALLOWED',
      message: 'Cannot promote checkout to production: production is promoted from staging, but its tagdeploy.json limits checkout to production. Deploy with "⟦deploy checkout --env=production⟧" instead, or add "staging" to "environments" in its tagdeploy.json.',
    },
    {
      name: 'promote with a --release the source does not run',
      facts: someFacts({ target: anEnvState('production', []), source: anEnvState('staging', ['0.2.0']) }),
      request: { action: 'promote', env: 'production', release: '0.3.0' },
      code: 'PROMOTE_MISMATCH',
      message: 'Cannot promote checkout 0.3.0 to production: staging runs 0.2.0, and promote takes exactly what staging runs. Deploy 0.3.0 to staging first, or leave out --release.',
    },
    {
      name: 'rollback of an empty env',
      facts: someFacts({ target: anEnvState('production', []) }),
      request: { action: 'rollback', env: 'production', reason: 'r' },
      code: 'NO_EARLIER_RELEASE',
      message: 'production runs no release of checkout, so there is nothing to roll back. Deploy one first: ⟦deploy checkout --env=production⟧.',
    },
    {
      name: 'rollback with no earlier version',
      facts: someFacts({ target: anEnvState('production', ['0.2.0']) }),
      request: { action: 'rollback', env: 'production', reason: 'r' },
      code: 'NO_EARLIER_RELEASE',
      message: 'production has no earlier release of checkout to roll back to (it has only run 0.2.0). Deploy the release you want instead: ⟦deploy checkout --env=production --release=<version>⟧.',
    },
    {
      name: 'rollback when every earlier release was rolled back from',
      facts: someFacts({ target: anEnvState('production', ['0.1.0', '0.2.0', { version: '0.1.0', action: 'rollback' }]) }),
      request: { action: 'rollback', env: 'production', reason: 'r' },
      code: 'NO_EARLIER_RELEASE',
      message: 'production has no earlier release of checkout to roll back to (it runs 0.1.0; 0.2.0 was already rolled back from). Deploy the release you want instead: ⟦deploy checkout --env=production --release=<version>⟧.',
    },
    {
      name: 'rollback to a release the env never ran',
      facts: someFacts({ target: anEnvState('production', ['0.2.0', '0.3.0']) }),
      request: { action: 'rollback', env: 'production', release: '0.1.0', reason: 'r' },
      code: 'NOT_IN_HISTORY',
      message: 'checkout 0.1.0 never ran in production: a rollback returns to a release the env ran before (0.2.0). To put 0.1.0 there, use "⟦deploy checkout --env=production --release=0.1.0⟧".',
    },
    {
      name: 'rollback of an approval env without a reason',
      facts: someFacts({ target: anEnvState('production', ['0.1.0', '0.2.0']) }),
      request: { action: 'rollback', env: 'production', reason: '  ' },
      code: 'REASON_REQUIRED',
      message: 'Rolling back production of checkout (0.2.0 → 0.1.0) needs a reason, because production requires approval: pass --reason="<what went wrong>".',
    },
    {
      name: 'rollback to a release whose seal is gone',
      facts: someFacts({ target: anEnvState('production', ['0.0.9', '0.1.0']) }),
      request: { action: 'rollback', env: 'production', reason: 'r' },
      code: 'UNKNOWN_RELEASE',
      message: 'No release of checkout at 0.0.9, so it cannot go to production. Run "⟦release checkout⟧" first, or pick a sealed release: 0.1.0, 0.2.0, 0.3.0.',
    },
  ];

  it.each(cases)('$name', ({ facts, request, code, message }) => {
    expect(refusal(facts, request)).toEqual({ code, message });
  });
});

describe('buildDeploymentPlan sequence numbers', () => {
  it('continues after the highest seq of pointer and history', () => {
    const state = anEnvState('staging', ['0.1.0', '0.2.0']);
    const facts = someFacts({ environments: environments({ staging: {} }), target: { ...state, history: state.history.slice(0, 1) } });

    expect(buildDeploymentPlan(facts, { action: 'deploy', env: 'staging', release: '0.3.0' }).seq).toBe(3);
  });
});
