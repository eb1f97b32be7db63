import { describe, expect, it } from 'vitest';
import { parseCommit } from '../changelog/parse-commit';
import { highestBump, resolveBump } from './resolve-bump';
import { aCommit, defaultCommitTypes } from './testing/builders';

const parsed = (message: string) => parseCommit(aCommit(message), 'conventionalcommits');

describe('resolveBump', () => {
  it.each([
    ['feat(ui)!: drop IE', '1.4.0', 'major'],
    ['fix: x\n\nBREAKING CHANGE: config moved', '1.4.0', 'major'],
    ['feat(ui)!: drop IE', '0.4.0', 'minor'],
    ['feat(ui)!: drop IE', null, 'major'],
    ['feat: add cart', '1.0.0', 'minor'],
    ['fix: rounding', '1.0.0', 'patch'],
    ['perf: faster', '1.0.0', 'patch'],
    ['chore: bump deps', '1.0.0', null],
    ['docs: readme', '1.0.0', null],
    ['Update things', '1.0.0', null],
  ] as const)('bumps %j at %s by %s with the default config', (message, current, bump) => {
    expect(resolveBump(parsed(message), defaultCommitTypes(), current)).toBe(bump);
  });

  it('uses breakingBelowOne below 1.0.0', () => {
    expect(resolveBump(parsed('feat!: x'), defaultCommitTypes({ breakingBelowOne: 'major' }), '0.3.0')).toBe('major');
  });

  it('uses the configured bump for breaking changes', () => {
    expect(resolveBump(parsed('feat!: x'), defaultCommitTypes({ breaking: 'minor' }), '2.0.0')).toBe('minor');
  });

  it('releases other types as patches when other is "patch"', () => {
    expect(resolveBump(parsed('chore: x'), defaultCommitTypes({ other: 'patch' }), '1.0.0')).toBe('patch');
  });

  it('releases non-conventional commits as patches when other is "patch"', () => {
    expect(resolveBump(parsed('Update things'), defaultCommitTypes({ other: 'patch' }), '1.0.0')).toBe('patch');
  });

  it('reads configured feat and patch types', () => {
    const config = defaultCommitTypes({ feat: ['feature'], patch: ['bugfix'] });
    expect([resolveBump(parsed('feature: a'), config, '1.0.0'), resolveBump(parsed('bugfix: b'), config, '1.0.0')]).toEqual(['minor', 'patch']);
  });
});

describe('highestBump', () => {
  it.each([
    [[], null],
    [[null, null], null],
    [['patch', null], 'patch'],
    [['patch', 'minor', 'patch'], 'minor'],
    [['minor', 'major', 'patch'], 'major'],
  ] as const)('of %j is %s', (bumps, highest) => {
    expect(highestBump(bumps)).toBe(highest);
  });
});
