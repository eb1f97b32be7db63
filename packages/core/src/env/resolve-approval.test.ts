import { describe, expect, it } from 'vitest';
import { resolveApproval, type ApprovalConfirmation, type ApprovalFlags, type ApproverRule } from './resolve-approval';
import { refusalOf } from './testing/env-builders';

const production = { product: 'checkout', env: 'production', action: 'promote' as const, from: '0.1.0', to: '0.2.0', needsApproval: true };
const staging = { ...production, env: 'staging', action: 'deploy' as const, needsApproval: false };

const refusal = (flags: ApprovalFlags, confirmation?: ApprovalConfirmation) => refusalOf(() => resolveApproval(production, flags, confirmation));

describe('resolveApproval', () => {
  it('needs no approver where approval is not required', () => {
    expect(resolveApproval(staging, {})).toEqual({ approver: null });
  });

  it('takes the identity of an interactive confirmation', () => {
    expect(resolveApproval(production, {}, { confirmed: true, identity: 'carol' })).toEqual({ approver: 'carol' });
  });

  it('takes --approve with --approved-by in CI', () => {
    expect(resolveApproval(production, { approve: true, approvedBy: 'carol', envApprover: 'ci-bot' })).toEqual({ approver: 'carol' });
  });

  it('takes --approve with TAGDEPLOY_APPROVER in CI', () => {
    expect(resolveApproval(production, { approve: true, envApprover: 'ci-bot' })).toEqual({ approver: 'ci-bot' });
  });

  it('refuses without a confirmation or --approve, and says how to approve', () => {
    expect(refusal({ approvedBy: 'carol' })).toEqual({
      code: 'APPROVAL_REQUIRED',
      message:
        'Promoting checkout 0.2.0 in production (now 0.1.0): production requires approval. Run it in a terminal to confirm, or pass --approve --approved-by=<name> (or set TAGDEPLOY_APPROVER) in CI. Nothing changed.',
    });
  });

  it('refuses --approve without a name', () => {
    expect(refusal({ approve: true, approvedBy: ' ' }).message).toBe(
      'Promoting checkout 0.2.0 in production (now 0.1.0): production requires approval, and --approve needs a name. Run it in a terminal to confirm, or pass --approve --approved-by=<name> (or set TAGDEPLOY_APPROVER) in CI. Nothing changed.',
    );
  });

  it('refuses when the prompt was declined', () => {
    expect(refusal({}, { confirmed: false, identity: 'carol' })).toEqual({
      code: 'APPROVAL_DECLINED',
      message: 'Not confirmed: production of checkout is unchanged (still 0.1.0).',
    });
  });
});

describe('resolveApproval with a distinct approver (four eyes)', () => {
  const fourEyes: ApproverRule = { distinctApprover: true, requestedBy: 'alice' };
  const refusalWith = (flags: ApprovalFlags, confirmation?: ApprovalConfirmation, rule: ApproverRule = fourEyes) =>
    refusalOf(() => resolveApproval(production, flags, confirmation, rule));

  it('takes an approver other than the requester', () => {
    expect(resolveApproval(production, { approve: true, approvedBy: 'carol' }, undefined, fourEyes)).toEqual({ approver: 'carol' });
    expect(resolveApproval(production, {}, { confirmed: true, identity: 'carol' }, fourEyes)).toEqual({ approver: 'carol' });
  });

  it.each([
    ['--approved-by with the requester', { approve: true, approvedBy: 'alice' }],
    ['--approved-by with the requester in other case and spaces', { approve: true, approvedBy: ' Alice ' }],
    ['TAGDEPLOY_APPROVER with the requester', { approve: true, envApprover: 'alice' }],
  ])('refuses %s, naming both identities', (_name, flags) => {
    const { code, message } = refusalWith(flags);
    expect(code).toBe('APPROVER_NOT_DISTINCT');
    expect(message).toMatch(/^Promoting checkout 0\.2\.0 in production \(now 0\.1\.0\): production needs an approver other than the requester, but it was requested by alice and approved by (alice|Alice)\./);
    expect(message).toContain('Someone else must approve it: a reviewer of the CI environment');
    expect(message).toContain('--approve --approved-by=<their name>');
    expect(message).toMatch(/Nothing changed\.$/);
  });

  it("refuses the requester's own confirmation at the prompt", () => {
    expect(refusalWith({}, { confirmed: true, identity: 'alice' }).message).toContain('requested by alice and confirmed by alice');
  });

  it('refuses at a terminal where only the requester could answer, and says who else must approve', () => {
    const { code, message } = refusalWith({}, undefined, { ...fourEyes, promptSkipped: true });
    expect(code).toBe('APPROVER_NOT_DISTINCT');
    expect(message).toBe(
      'Promoting checkout 0.2.0 in production (now 0.1.0): production needs an approver other than the requester (alice), so alice\'s own "yes" at this terminal does not count. Someone else must approve it: a reviewer of the CI environment (the generated workflows record who approved the run), or name them with --approve --approved-by=<their name> (or TAGDEPLOY_APPROVER). Nothing changed.',
    );
  });

  it('says in CI without an approver that it must be someone other than the requester', () => {
    expect(refusalWith({ approve: true })).toEqual({
      code: 'APPROVAL_REQUIRED',
      message:
        'Promoting checkout 0.2.0 in production (now 0.1.0): production requires approval by someone other than alice, and --approve needs a name. Pass --approve --approved-by=<their name> (or set TAGDEPLOY_APPROVER) in CI. Nothing changed.',
    });
  });

  it('lets the requester approve where the env does not want four eyes', () => {
    expect(resolveApproval(production, { approve: true, approvedBy: 'alice' }, undefined, { distinctApprover: false, requestedBy: 'alice' })).toEqual({ approver: 'alice' });
  });
});
