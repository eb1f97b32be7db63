import { describe, expect, it } from 'vitest';
import { attributeCommits, type AttributionScope } from './attribute-commits';
import { aCommit, aShopWorkspace } from './testing/builders';

const checkout = (rootFiles: string[] = []): AttributionScope => ({ workspace: aShopWorkspace(), product: 'checkout', rootFiles });
const viaOf = (files: string[], scope = checkout()) => attributeCommits([aCommit('fix: x', files)], scope).map((a) => a.via);

describe('attributeCommits', () => {
  it('attributes a change of the product itself to the product', () => {
    expect(viaOf(['apps/checkout/src/cart.ts'])).toEqual([['checkout']]);
  });

  it('attributes a change of a dependency to that dependency', () => {
    expect(viaOf(['packages/ui/src/button.tsx'])).toEqual([['ui']]);
  });

  it('attributes a change of a transitive dependency', () => {
    expect(viaOf(['packages/utils/src/money.ts'])).toEqual([['utils']]);
  });

  it('lists the product first, then dependencies sorted, then (root)', () => {
    const files = ['packages/utils/a.ts', 'tsconfig.base.json', 'packages/ui/b.ts', 'apps/checkout/c.ts'];
    expect(viaOf(files, checkout(['tsconfig.base.json']))).toEqual([['checkout', 'ui', 'utils', '(root)']]);
  });

  it('drops a change of another product', () => {
    expect(viaOf(['apps/storefront/src/home.ts'])).toEqual([]);
  });

  it('drops a lockfile-only change', () => {
    expect(viaOf(['package-lock.json'])).toEqual([]);
  });

  it('drops a lockfile inside the product', () => {
    expect(viaOf(['apps/checkout/package-lock.json'])).toEqual([]);
  });

  it('counts a lockfile the allow-list names', () => {
    expect(viaOf(['package-lock.json'], checkout(['package-lock.json']))).toEqual([['(root)']]);
  });

  it('counts an allow-listed root file', () => {
    expect(viaOf(['tools/build/vite.mjs'], checkout(['tools/build/**']))).toEqual([['(root)']]);
  });

  it('drops a root file that is not allow-listed', () => {
    expect(viaOf(['README.md'], checkout(['tools/build/**']))).toEqual([]);
  });

  it('keeps relevant commits in the order given', () => {
    const commits = [aCommit('fix: 2', ['apps/checkout/a.ts']), aCommit('fix: other', ['apps/storefront/a.ts']), aCommit('fix: 1', ['packages/ui/a.ts'])];
    expect(attributeCommits(commits, checkout()).map((a) => a.commit.subject)).toEqual(['fix: 2', 'fix: 1']);
  });
});
