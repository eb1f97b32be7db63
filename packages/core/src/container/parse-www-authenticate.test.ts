import { describe, expect, it } from 'vitest';
import { parseWwwAuthenticate } from './parse-www-authenticate';

describe('parseWwwAuthenticate', () => {
  it('reads a bearer challenge with realm, service and a scope that holds commas', () => {
    expect(parseWwwAuthenticate('Bearer realm="https://auth.example.com/token",service="registry.example.com",scope="repository:team/api:pull,push"')).toEqual({
      scheme: 'bearer',
      params: { realm: 'https://auth.example.com/token', service: 'registry.example.com', scope: 'repository:team/api:pull,push' },
    });
  });

  it('reads a basic challenge and unquoted values', () => {
    expect(parseWwwAuthenticate('Basic realm=registry')).toEqual({ scheme: 'basic', params: { realm: 'registry' } });
  });

  it('gives undefined without a header', () => {
    expect(parseWwwAuthenticate(null)).toBeUndefined();
  });
});
