import { describe, expect, it } from 'vitest';
import { resolveFileOwner } from './resolve-file-owner';
import { aShopWorkspace } from './testing/builders';

describe('resolveFileOwner', () => {
  const workspace = aShopWorkspace([{ name: 'ui-icons', root: 'packages/ui/icons', dependencies: [], targets: [] }]);

  it.each([
    ['apps/checkout/src/main.ts', 'checkout'],
    ['packages/ui/src/button.tsx', 'ui'],
    ['packages/ui/icons/cart.svg', 'ui-icons'],
    ['packages/ui-kit/x.ts', null],
    ['apps/checkout', 'checkout'],
    ['package-lock.json', null],
    ['tools/vite.shared.mjs', null],
  ])('%s belongs to %s', (file, owner) => {
    expect(resolveFileOwner(workspace, file)).toBe(owner);
  });

  it('never gives a file to the workspace root project', () => {
    expect(resolveFileOwner(aShopWorkspace(), 'README.md')).toBeNull();
  });
});
