import { describe, expect, it } from 'vitest';
import { readApprovalChanges } from './read-approval-changes';
import { renderApprovalSummary } from './render-approval-summary';
import { seedRelease, useTempFileStores } from './testing/env-builders';

const aStore = useTempFileStores();

async function aStoreWith(...versions: string[]) {
  const temp = aStore();
  for (const version of versions) {
    await seedRelease(temp.store, 'checkout', version, undefined, { changelog: `## ${version} (2024-05-01)\n\n### Bug fixes\n\n- fix in ${version}\n` });
  }
  await seedRelease(temp.store, 'checkout', '9.0.0', undefined, { sealed: false });
  return temp.store;
}

describe('approval summary', () => {
  it('shows from → to and the changelogs of the releases after from up to to, newest first', async () => {
    const store = await aStoreWith('0.1.0', '0.2.0', '0.2.1', '0.3.0');
    const plan = { product: 'checkout', env: 'production', action: 'promote' as const, from: '0.1.0', to: '0.2.1', reason: null, sourceEnv: 'staging' };

    const text = renderApprovalSummary(plan, await readApprovalChanges(store, plan));

    expect(text).toBe(
      [
        'promote checkout in production: 0.1.0 → 0.2.1 (as in staging)',
        '',
        '## 0.2.1 (2024-05-01)\n\n### Bug fixes\n\n- fix in 0.2.1',
        '',
        '## 0.2.0 (2024-05-01)\n\n### Bug fixes\n\n- fix in 0.2.0',
        '',
      ].join('\n'),
    );
  });

  it('says which releases a rollback backs out', async () => {
    const store = await aStoreWith('0.1.0', '0.2.0', '0.3.0');
    const plan = { product: 'checkout', env: 'production', action: 'rollback' as const, from: '0.3.0', to: '0.1.0', reason: 'checkout broken' };

    const text = renderApprovalSummary(plan, await readApprovalChanges(store, plan));

    expect(text.split('\n').slice(0, 4)).toEqual([
      'rollback checkout in production: 0.3.0 → 0.1.0',
      'reason: checkout broken',
      'backing out: 0.3.0, 0.2.0',
      '',
    ]);
    expect(text).toContain('- fix in 0.3.0');
    expect(text).not.toContain('- fix in 0.1.0');
  });

  it('shows only the target release for a first deployment', async () => {
    const store = await aStoreWith('0.1.0', '0.2.0');
    const plan = { product: 'checkout', env: 'production', action: 'deploy' as const, from: null, to: '0.2.0', reason: null };

    const changes = await readApprovalChanges(store, plan);

    expect(changes).toEqual({ direction: 'forward', releases: [{ version: '0.2.0', changelog: expect.stringContaining('fix in 0.2.0') }], omitted: 0 });
    expect(renderApprovalSummary(plan, changes)).toMatch(/^deploy checkout in production: \(nothing\) → 0\.2\.0\n/);
  });

  it('caps the changelogs and counts the rest', async () => {
    const store = await aStoreWith('0.1.0', '0.1.1', '0.1.2', '0.1.3');
    const plan = { product: 'checkout', env: 'production', action: 'deploy' as const, from: '0.1.0', to: '0.1.3', reason: null };

    const changes = await readApprovalChanges(store, plan, { limit: 2 });

    expect(changes.releases.map((release) => release.version)).toEqual(['0.1.3', '0.1.2']);
    expect(renderApprovalSummary(plan, changes)).toContain('… and 1 older release');
  });
});
