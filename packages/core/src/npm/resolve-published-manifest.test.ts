import { describe, expect, it } from 'vitest';
import { readWorkspaceDependencies, resolvePublishedManifest } from './resolve-published-manifest';

const workspace = new Set(['@shop/sdk', '@shop/utils']);

describe('resolvePublishedManifest', () => {
  it('sets the release version and pins workspace dependencies to their released versions', () => {
    const manifest = {
      name: '@shop/widgets',
      version: '0.0.0',
      dependencies: { '@shop/sdk': 'workspace:*', '@shop/utils': '*', lodash: '^4.17.0' },
      peerDependencies: { '@shop/sdk': 'workspace:^' },
      optionalDependencies: { '@shop/utils': 'workspace:~' },
    };
    expect(resolvePublishedManifest(manifest, '1.2.3', workspace, { '@shop/sdk': '0.4.0', '@shop/utils': '2.0.1' })).toEqual({
      name: '@shop/widgets',
      version: '1.2.3',
      dependencies: { '@shop/sdk': '0.4.0', '@shop/utils': '2.0.1', lodash: '^4.17.0' },
      peerDependencies: { '@shop/sdk': '^0.4.0' },
      optionalDependencies: { '@shop/utils': '~2.0.1' },
    });
  });

  it('keeps the range of workspace:<range>, like pnpm publishes it', () => {
    const published = resolvePublishedManifest({ name: 'a', version: '1.0.0', dependencies: { '@shop/sdk': 'workspace:^0.4.0' } }, '1.0.1', workspace, { '@shop/sdk': '0.4.2' });
    expect(published.dependencies).toEqual({ '@shop/sdk': '^0.4.0' });
  });

  it('leaves out devDependencies on workspace packages and keeps the others', () => {
    const published = resolvePublishedManifest({ name: 'a', version: '1.0.0', devDependencies: { '@shop/utils': 'workspace:*', vitest: '4.1.12' } }, '1.0.1', workspace, {});
    expect(published.devDependencies).toEqual({ vitest: '4.1.12' });
  });

  it('lists the workspace packages a consumer would install, not the dev ones', () => {
    const manifest = { dependencies: { '@shop/sdk': '*', react: '^19' }, peerDependencies: { '@shop/sdk': '*' }, devDependencies: { '@shop/utils': '*' } };
    expect(readWorkspaceDependencies(manifest, workspace)).toEqual(['@shop/sdk']);
  });
});
