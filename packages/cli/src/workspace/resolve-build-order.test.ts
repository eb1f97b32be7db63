import { describe, expect, it } from 'vitest';
import type { Workspace } from '@tagdeploy/core';
import { resolveBuildOrder } from './resolve-build-order';

const project = (name: string, dependencies: string[], targets = ['build']) => ({ name, root: `packages/${name}`, dependencies, targets });

function aWorkspace(...projects: ReturnType<typeof project>[]): Workspace {
  return { root: '/repo', projects: Object.fromEntries(projects.map((p) => [p.name, p])) };
}

describe('resolveBuildOrder', () => {
  it('builds every dependency before what depends on it, and the product last', () => {
    const workspace = aWorkspace(project('checkout', ['ui', 'utils']), project('ui', ['utils']), project('utils', []), project('storefront', ['ui']));
    expect(resolveBuildOrder(workspace, 'checkout', 'build')).toEqual(['utils', 'ui', 'checkout']);
  });

  it('skips dependencies without the script but still builds what they depend on', () => {
    const workspace = aWorkspace(project('checkout', ['types']), project('types', ['utils'], ['lint']), project('utils', []));
    expect(resolveBuildOrder(workspace, 'checkout', 'build')).toEqual(['utils', 'checkout']);
  });

  it('ends on a cycle instead of looping', () => {
    const workspace = aWorkspace(project('a', ['b']), project('b', ['a']));
    expect(resolveBuildOrder(workspace, 'a', 'build')).toEqual(['b', 'a']);
  });
});
