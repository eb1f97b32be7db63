import { describe, expect, it } from 'vitest';
import { resolveApproval, type ApprovalConfirmation, type ApprovalFlags } from './resolve-approval';
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
