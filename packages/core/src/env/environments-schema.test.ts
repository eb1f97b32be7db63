import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { environmentProblems, environmentsSchema } from './environments-schema';

const issuesOf = (value: unknown): string[] => {
  const result = environmentsSchema.safeParse(value);
  return result.success ? [] : result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
};

describe('environmentsSchema', () => {
  it('fills defaults: no approval, the local router, no signature required', () => {
    const parsed = environmentsSchema.parse({ staging: {}, production: { promoteFrom: 'staging', approval: 'required' } });

    expect(parsed).toEqual({
      staging: { approval: 'none', distinctApprover: false, router: { type: 'local' }, requireSignature: false },
      production: { promoteFrom: 'staging', approval: 'required', distinctApprover: false, router: { type: 'local' }, requireSignature: false },
    });
  });

  it('takes approval as an object: required (the default) and a distinct approver (four eyes)', () => {
    const parsed = environmentsSchema.parse({
      a: { approval: { required: true, distinctApprover: true } },
      b: { approval: { distinctApprover: true } },
      c: { approval: { required: true } },
      d: { approval: { required: false } },
    });

    expect([parsed.a, parsed.b, parsed.c, parsed.d].map((env) => [env.approval, env.distinctApprover])).toEqual([
      ['required', true],
      ['required', true],
      ['required', false],
      ['none', false],
    ]);
  });

  it('refuses a distinct approver without approval, and unknown approval keys, each with its path', () => {
    expect(issuesOf({ a: { approval: { required: false, distinctApprover: true } }, b: { approval: { fourEyes: true } } })).toEqual([
      'a.approval.distinctApprover: a distinct approver needs approval: set "required": true, or drop "distinctApprover"',
      expect.stringMatching(/^b\.approval: /),
    ]);
  });

  it('accepts the CloudFront routers with their settings', () => {
    const parsed = environmentsSchema.parse({
      a: { router: { type: 'cloudfront-kvs', kvsArn: 'arn:aws:cloudfront::1:key-value-store/x', key: 'checkout/a' } },
      b: { router: { type: 'cloudfront-origin', distributionId: 'E123', originId: 's3' } },
    });

    expect(parsed.a.router).toEqual({ type: 'cloudfront-kvs', kvsArn: 'arn:aws:cloudfront::1:key-value-store/x', key: 'checkout/a' });
    expect(parsed.b.router).toEqual({ type: 'cloudfront-origin', distributionId: 'E123', originId: 's3' });
  });

  it('reports every problem at once, each with its path', () => {
    const issues = issuesOf({
      staging: { approval: 'maybe' },
      production: { promoteFrom: 'stagin', router: { type: 'cloudfront-kvs' } },
      'bad name': {},
    });

    expect(issues).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^staging\.approval: /),
        expect.stringMatching(/^production\.router\.kvsArn: /),
        'production.promoteFrom: "stagin" is not a declared environment (declared: staging, production, bad name)',
        'bad name: "bad name" is not a valid environment name: use letters, digits, ".", "_" and "-", starting with a letter or digit',
      ]),
    );
  });

  it('reports a promoteFrom that names no declared env', () => {
    expect(issuesOf({ staging: {}, production: { promoteFrom: 'stagin' } })).toEqual([
      'production.promoteFrom: "stagin" is not a declared environment (declared: staging, production)',
    ]);
  });

  it('ships as JSON Schema with its descriptions', () => {
    const schema = JSON.stringify(z.toJSONSchema(environmentsSchema, { io: 'input' }));

    expect(schema).toContain('The environment this one is promoted from');
  });
});

describe('environmentProblems', () => {
  it('finds nothing wrong in a straight promotion path', () => {
    expect(environmentProblems({ dev: {}, staging: { promoteFrom: 'dev' }, production: { promoteFrom: 'staging' } })).toEqual([]);
  });

  it('reports a promotion cycle once', () => {
    expect(environmentProblems({ a: { promoteFrom: 'c' }, b: { promoteFrom: 'a' }, c: { promoteFrom: 'b' }, d: { promoteFrom: 'a' } })).toEqual([
      { path: ['a', 'promoteFrom'], message: 'promotion cycle: a <- c <- b <- a' },
    ]);
  });

  it('reports an env promoted from itself', () => {
    expect(environmentProblems({ staging: { promoteFrom: 'staging' } })).toEqual([
      { path: ['staging', 'promoteFrom'], message: '"staging" cannot be promoted from itself' },
    ]);
  });
});
