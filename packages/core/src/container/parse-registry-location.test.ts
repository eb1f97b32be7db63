import { describe, expect, it } from 'vitest';
import { isTagdeployError } from '../errors/tagdeploy-error';
import { parseRegistryLocation, pullNameFor, repositoryFor } from './parse-registry-location';

describe('parseRegistryLocation', () => {
  it('reads oci:<folder> as a layout folder relative to the workspace', () => {
    const location = parseRegistryLocation('oci:.tagdeploy/registry', '/ws');
    expect(location).toEqual({ kind: 'layout', root: '/ws/.tagdeploy/registry', display: 'oci:.tagdeploy/registry' });
    expect(repositoryFor(location, 'payments-api')).toBe('payments-api');
    expect(pullNameFor(location, 'payments-api')).toBe('oci:.tagdeploy/registry/payments-api');
  });

  it('keeps an absolute layout folder', () => {
    expect(parseRegistryLocation('oci:/var/images', '/ws')).toMatchObject({ kind: 'layout', root: '/var/images' });
  });

  it.each([
    ['registry.example.com/team', 'registry.example.com', 'team', 'registry.example.com/team/api'],
    ['127.0.0.1:5000', '127.0.0.1:5000', '', '127.0.0.1:5000/api'],
    ['ghcr.io/acme/shop/', 'ghcr.io', 'acme/shop', 'ghcr.io/acme/shop/api'],
    ['https://localhost:5000/a', 'localhost:5000', 'a', 'localhost:5000/a/api'],
  ])('reads %s as host %s, namespace "%s"', (option, host, namespace, pullName) => {
    const location = parseRegistryLocation(option, '/ws');
    expect(location).toMatchObject({ kind: 'distribution', host, namespace });
    expect(pullNameFor(location, 'api')).toBe(pullName);
  });

  it.each(['oci:', 'registry.example.com//team', 'not a host/x', ''])('refuses "%s" with the accepted forms', (option) => {
    let error: unknown;
    try {
      parseRegistryLocation(option, '/ws');
    } catch (e) {
      error = e;
    }
    expect(isTagdeployError(error) && error.code).toBe('INVALID_CONFIG');
    expect((error as Error).message).toContain('oci:.tagdeploy/registry');
  });
});
