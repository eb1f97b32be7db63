import { describe, expect, it } from 'vitest';
import { redactSecrets } from './redact-secrets';

describe('redactSecrets', () => {
  it.each([
    ['https://deploy-bot:ghp_s3cr3tT0ken@git.example.com/team/gitops.git', 'https://***@git.example.com/team/gitops.git', 'ghp_s3cr3tT0ken'],
    ['https://ghp_s3cr3tT0ken@git.example.com/team/gitops.git', 'https://***@git.example.com/team/gitops.git', 'ghp_s3cr3tT0ken'],
    ['ssh://git:pw-4711@git.example.com:2222/gitops.git', 'ssh://***@git.example.com:2222/gitops.git', 'pw-4711'],
    ['endpoint http://AKIAEXAMPLE:wJalrXUtnFEMI@127.0.0.1:9000 refused', 'endpoint http://***@127.0.0.1:9000 refused', 'wJalrXUtnFEMI'],
    ['{"url":"s3://b/p","endpoint":"http://key:p@ss@127.0.0.1:9000"}', '{"url":"s3://b/p","endpoint":"http://***@127.0.0.1:9000"}', 'p@ss'],
    ["fatal: unable to access 'https://u:tok3n@host/repo.git/': Could not resolve host", "fatal: unable to access 'https://***@host/repo.git/': Could not resolve host", 'tok3n'],
  ])('removes the userinfo of a URL: %s', (text, expected, secret) => {
    expect(redactSecrets(text)).toBe(expected);
    expect(redactSecrets(text)).not.toContain(secret);
  });

  it.each([
    ['GET https://b.s3.amazonaws.com/k?X-Amz-Credential=AKIA123&X-Amz-Signature=abcdef0123&X-Amz-Expires=300', 'GET https://b.s3.amazonaws.com/k?X-Amz-Credential=***&X-Amz-Signature=***&X-Amz-Expires=300'],
    ['https://api.example.com/x?access_token=gho_16C7e42F292c6912E7710c838347Ae178B4a&page=2', 'https://api.example.com/x?access_token=***&page=2'],
    ['http://h/cb?code=1&client_secret=shh123', 'http://h/cb?code=1&client_secret=***'],
    ['https://h/x?X-Amz-Security-Token=FwoGZXIvYXdzE', 'https://h/x?X-Amz-Security-Token=***'],
  ])('removes token-like query parameters but keeps their names: %s', (text, expected) => {
    expect(redactSecrets(text)).toBe(expected);
  });

  it.each([
    ['git failed: Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.payload', 'git failed: Authorization: Bearer ***'],
    ['header Authorization: Basic dXNlcjpwYXNzd29yZA==', 'header Authorization: Basic ***'],
    ['env GITHUB_TOKEN=ghp_abcdefghijkl and AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG', 'env GITHUB_TOKEN=*** and AWS_SECRET_ACCESS_KEY=***'],
  ])('removes header values and secret variables: %s', (text, expected) => {
    expect(redactSecrets(text)).toBe(expected);
  });

  it.each([
    'tagdeploy error [UNKNOWN_ENV]: deploy checkout --env=prod: the declared environments are staging, production.',
    'sealed checkout@0.2.0: s3://releases/shop/checkout/releases/0.2.0/release.json',
    'store file:.tagdeploy/store; gitops git@github.com:team/gitops.git; registry registry.example.com/team',
    'https://git.example.com/team/gitops.git?ref=main',
    'key checkout/envs/production.json is not a valid env record',
  ])('leaves text without credentials as it is: %s', (text) => {
    expect(redactSecrets(text)).toBe(text);
  });
});
