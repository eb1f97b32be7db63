// Abandoning a claimed release that can never be sealed, in real clones of a remote that holds
// checkout 0.1.0 and 0.1.1 (sealed) and a file store: the tag stays, a record says who gave it
// up, and the next release takes the version after it with the commits that never shipped.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isTagdeployError } from '../errors/tagdeploy-error';
import { createProductClones, type ProductClones } from '../git/testing/product-clones';
import type { ReleasePlan } from '../plan/release-plan';
import { abandonRelease } from './abandon-release';

let clones: ProductClones;
beforeEach(async () => {
  clones = await createProductClones();
});
afterEach(() => clones.cleanup());

/** checkout 0.2.0 claimed on the remote (tag pushed) and never sealed, then one more commit. */
function claimUnsealed020(): void {
  const { upstream } = clones;
  clones.change(upstream, 'feat(checkout): wallet');
  upstream.git('tag', '-a', 'checkout@0.2.0', '-m', 'checkout 0.2.0');
  upstream.git('push', '-q', 'origin', 'checkout@0.2.0');
}

const abandon = (release: string | undefined, reason?: string, env: Record<string, string> = {}) =>
  abandonRelease({ product: 'checkout', release, reason }, { ...clones.host(), environment: { TAGDEPLOY_ACTOR: 'ana', ...env } });

async function refusal(run: Promise<unknown>): Promise<[string, string]> {
  const error = await run.then(() => new Error('expected a refusal'), (caught: unknown) => caught);
  if (!isTagdeployError(error)) throw error;
  return [error.code, error.message];
}

const record = () => join(clones.storeDir, 'checkout/releases/0.2.0/abandoned.json');

describe('abandonRelease', () => {
  it('frees the product: the next release takes 0.3.0, carries the abandoned commits, and the tag stays', async () => {
    claimUnsealed020();
    clones.change(clones.upstream, 'fix(checkout): a name the store takes');
    const [code, message] = await refusal(clones.release());
    expect(code).toBe('UNSEALED_RELEASE');
    expect(message).toContain('or, if it can never be sealed, abandon it (the tag stays, the next release takes the next version): ⟦abandon checkout --release=0.2.0⟧.');

    const { result, text } = await abandon('0.2.0', 'the store refuses a file name');
    expect(result).toMatchObject({ status: 'abandoned', record: { product: 'checkout', version: '0.2.0', tag: 'checkout@0.2.0', abandonedBy: 'ana', reason: 'the store refuses a file name' } });
    expect(text).toBe('abandoned checkout@0.2.0: it will never be sealed. The tag stays, so 0.2.0 is never reused; the next ⟦release checkout⟧ takes the version after it and carries its commits.');
    expect(JSON.parse(readFileSync(record(), 'utf8'))).toMatchObject({ commit: clones.remote.git('rev-list', '-n1', 'checkout@0.2.0') });

    const { result: released } = await clones.release();
    const plan = (released as { plan: ReleasePlan }).plan;
    expect(plan).toMatchObject({ version: '0.3.0', previous: { tag: 'checkout@0.1.1' }, abandoned: [{ tag: 'checkout@0.2.0' }] });
    expect(plan.commits.map((commit) => commit.subject)).toEqual(['a name the store takes', 'wallet']);
    expect(clones.messages.join('\n')).toContain('skips checkout@0.2.0, abandoned by ana on 2024-05-01 (the store refuses a file name): never sealed, so its commits count here');
    expect(clones.remote.git('tag', '--list').split('\n')).toEqual(['checkout@0.1.0', 'checkout@0.1.1', 'checkout@0.2.0', 'checkout@0.3.0']);
    expect(existsSync(join(clones.storeDir, 'checkout/releases/0.2.0/release.json'))).toBe(false);
  });

  it('a second abandon says it was done before, by whom, and changes nothing', async () => {
    claimUnsealed020();
    await abandon('0.2.0', 'first');
    const before = clones.state(clones.upstream);
    const { result, text } = await abandon('0.2.0', 'again', { TAGDEPLOY_ACTOR: 'bo' });
    expect(result).toMatchObject({ status: 'already-abandoned', record: { abandonedBy: 'ana', reason: 'first' } });
    expect(text).toMatch(/^checkout@0\.2\.0 was already abandoned by ana on 2024-05-01 \(first\): it will never be sealed\./);
    expect(clones.state(clones.upstream)).toEqual(before);
  });

  it.each([
    ['a sealed release', '0.1.1', 'RELEASE_SEALED', 'checkout 0.1.1 is sealed: a sealed release is never abandoned.'],
    ['a version never tagged', '0.9.0', 'NO_SUCH_RELEASE', 'checkout has no release 0.9.0 (no tag checkout@0.9.0 here or on origin). Its release tags: checkout@0.1.0, checkout@0.1.1, checkout@0.2.0.'],
    ['no version', undefined, 'USAGE', 'Name the release of checkout to abandon with --release=<version>: ⟦abandon checkout --release=<version>⟧.'],
    ['not a version', 'latest', 'USAGE', 'Name the release of checkout to abandon with --release=<version> ("latest" is not a version)'],
  ])('refuses %s, and changes nothing', async (_, version, code, says) => {
    claimUnsealed020();
    const before = clones.state(clones.upstream);
    const [got, message] = await refusal(abandon(version));
    expect(got).toBe(code);
    expect(message).toContain(says);
    expect(clones.state(clones.upstream)).toEqual(before);
  });

  it('refuses a tag that only this clone has, and changes nothing', async () => {
    clones.change(clones.upstream, 'feat(checkout): wallet');
    clones.upstream.git('tag', '-a', 'checkout@0.2.0', '-m', 'checkout 0.2.0');
    const before = clones.state(clones.upstream);
    const [code, message] = await refusal(abandon('0.2.0'));
    expect([code, message]).toEqual(['RELEASE_NOT_CLAIMED', 'checkout@0.2.0 is only in this clone (never pushed to origin), so it claims nothing and blocks nobody else. Remove it here with "git tag -d checkout@0.2.0", then ⟦release checkout⟧.']);
    expect(clones.state(clones.upstream)).toEqual(before);
  });

  it('a release abandoned while it is being resumed is never sealed', async () => {
    claimUnsealed020();
    const host = clones.host();
    const builder = host.builder;
    const racing = { ...host, builder: { build: async (request: Parameters<typeof builder.build>[0]) => { await abandon('0.2.0', 'given up meanwhile'); return builder.build(request); } } };
    const { releaseProduct } = await import('./release-product');
    const [code, message] = await refusal(releaseProduct({ product: 'checkout' }, racing));
    expect([code, message]).toEqual(['RELEASE_ABANDONED', 'checkout@0.2.0 was abandoned by ana on 2024-05-01 (given up meanwhile), so it is never sealed. Release the next version: ⟦release checkout⟧.']);
    expect(existsSync(join(clones.storeDir, 'checkout/releases/0.2.0/release.json'))).toBe(false);
  });
});
