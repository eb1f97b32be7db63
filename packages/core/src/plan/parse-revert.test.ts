import { describe, expect, it } from 'vitest';
import { parseRevert } from './parse-revert';

const sha = '0123456789abcdef0123456789abcdef01234567';
const of = (subject: string, body = '') => parseRevert({ subject, body });

describe('parseRevert', () => {
  it.each([
    ['git revert', 'Revert "feat(cart): coupons"', 'feat(cart): coupons'],
    ['git revert of a revert', 'Revert "Revert "feat: x""', 'Revert "feat: x"'],
    ['git 2.43 reapply', 'Reapply "feat: x"', 'feat: x'],
    ['conventional', 'revert: feat: x', 'feat: x'],
    ['conventional with a scope and !', 'revert(cart)!: drop coupons', 'drop coupons'],
    ['conventional, capitalised', 'Revert: fix: y', 'fix: y'],
  ])('reads %s', (_, subject, quoted) => {
    expect(of(subject, `This reverts commit ${sha}.`)).toEqual({ subject: quoted, sha });
  });

  it('takes an abbreviated sha from the body', () => {
    expect(of('Revert "fix: y"', 'Because it broke prod.\n\nThis reverts commit 0123456.')?.sha).toBe('0123456');
  });

  it('has no sha when the body does not name one', () => {
    expect(of('revert: fix: y', 'broke prod')).toEqual({ subject: 'fix: y', sha: null });
  });

  it.each(['feat: revert the banner', 'Reverted the banner', 'Revert the banner', 'chore: Revert "x"'])('is null for "%s"', (subject) => {
    expect(of(subject, `This reverts commit ${sha}.`)).toBeNull();
  });
});
