import { describe, expect, it } from 'vitest';
import { approvalWeakenings } from './approval-weakenings';
import { environmentSchema, type EnvironmentConfigInput } from './environments-schema';

const local = (env: EnvironmentConfigInput) => environmentSchema.parse(env);
const committedProduction = { promoteFrom: 'staging', approval: { required: true, distinctApprover: true } };

describe('approvalWeakenings: the local env against the committed one', () => {
  it.each<[string, EnvironmentConfigInput, string[]]>([
    ['approval removed', { promoteFrom: 'staging' }, ['approval is "none" (committed: "required")']],
    ['approval set to "none"', { promoteFrom: 'staging', approval: 'none' }, ['approval is "none" (committed: "required")']],
    ['approval required: false', { promoteFrom: 'staging', approval: { required: false } }, ['approval is "none" (committed: "required")']],
    ['distinctApprover dropped', { promoteFrom: 'staging', approval: 'required' }, ['the approver may be the requester (committed: "distinctApprover": true)']],
    ['promoteFrom changed', { promoteFrom: 'dev', approval: { distinctApprover: true } }, ['promoteFrom is "dev" (committed: "staging")']],
    ['promoteFrom removed', { approval: { distinctApprover: true } }, ['promoteFrom is removed (committed: "staging")']],
    ['everything at once', { promoteFrom: 'dev' }, ['approval is "none" (committed: "required")', 'promoteFrom is "dev" (committed: "staging")']],
  ])('%s is a weakening', (_name, env, expected) => {
    expect(approvalWeakenings(committedProduction, local(env))).toEqual(expected);
  });

  it.each<[string, unknown, EnvironmentConfigInput]>([
    ['the same settings in the other shape', { promoteFrom: 'staging', approval: 'required' }, { promoteFrom: 'staging', approval: { required: true } }],
    ['approval added', { promoteFrom: 'staging' }, { promoteFrom: 'staging', approval: 'required' }],
    ['a distinct approver added', { approval: 'required' }, { approval: { distinctApprover: true } }],
    ['promoteFrom added', {}, { promoteFrom: 'staging' }],
    ['a router changed', { router: { type: 'local' } }, { router: { type: 'cloudfront-origin', distributionId: 'E1' } }],
    ['an env that is not committed yet', undefined, {}],
  ])('%s is not', (_name, committed, env) => {
    expect(approvalWeakenings(committed, local(env))).toEqual([]);
  });

  it('reads a committed entry that does not validate for what it asks at most', () => {
    expect(approvalWeakenings({ approval: 'maybe', colour: 'blue' }, local({}))).toEqual(['approval is "none" (committed: "required")']);
    expect(approvalWeakenings({ approval: { distinctApprover: true, fourEyes: 1 } }, local({ approval: 'required' }))).toEqual([
      'the approver may be the requester (committed: "distinctApprover": true)',
    ]);
    expect(approvalWeakenings({ approval: 'none', router: 5 }, local({}))).toEqual([]);
  });
});
