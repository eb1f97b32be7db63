import { describe, expect, it } from 'vitest';
import { resolveDependencyClosure } from './resolve-dependency-closure';
import { aShopWorkspace } from './testing/builders';

describe('resolveDependencyClosure', () => {
  it.each([
    ['checkout', ['checkout', 'ui', 'utils']],
    ['storefront', ['storefront', 'ui', 'utils']],
    ['payments-api', ['payments-api', 'utils']],
    ['utils', ['utils']],
  ])('of %s is %j (itself first, then sorted)', (project, closure) => {
    expect(resolveDependencyClosure(aShopWorkspace(), project)).toEqual(closure);
  });

  it('survives a dependency cycle', () => {
    const workspace = aShopWorkspace([
      { name: 'a', root: 'libs/a', dependencies: ['b'], targets: [] },
      { name: 'b', root: 'libs/b', dependencies: ['a', 'utils'], targets: [] },
    ]);
    expect(resolveDependencyClosure(workspace, 'a')).toEqual(['a', 'b', 'utils']);
  });

  it('skips dependencies that are not workspace projects', () => {
    const workspace = aShopWorkspace([{ name: 'a', root: 'libs/a', dependencies: ['npm:react'], targets: [] }]);
    expect(resolveDependencyClosure(workspace, 'a')).toEqual(['a']);
  });
});
