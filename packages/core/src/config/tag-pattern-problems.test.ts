import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { formatTag } from '../plan/tag-pattern';
import { refNameProblem, tagPatternProblems } from './tag-pattern-problems';

/** What git itself says about refs/tags/<name>. */
function gitAccepts(name: string): boolean {
  try {
    execFileSync('git', ['check-ref-format', `refs/tags/${name}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

describe('tagPatternProblems', () => {
  it.each(['{product} {version}', '{product}:{version}', '{product}@{version}.lock', '{product}..{version}', '{product}/{version}/', '.{product}@{version}', '{product}@{{version}', '{product}~{version}', '{product}@{version}.', '-{product}@{version}', '{product}\\{version}', '{product}*{version}'])(
    'refuses %s before anything is built, as git would refuse its tags',
    (pattern) => {
      const problems = tagPatternProblems(pattern);

      expect(problems).toHaveLength(1);
      expect(problems[0]).toContain(`"${pattern}" makes tags git refuses`);
      expect(problems[0]).toContain('Use e.g. "{product}@{version}"');
    },
  );

  it.each(['{product}', '{version}', '{product}@{version}@{version}', 'release'])('refuses %s, which does not name both placeholders once', (pattern) => {
    expect(tagPatternProblems(pattern)[0]).toMatch(/must contain \{product\} and \{version\} exactly once each/);
  });

  it.each(['{product}@{version}', '{product}/v{version}', 'v{version}-{product}', 'release/{product}/{version}'])('accepts %s', (pattern) => {
    expect(tagPatternProblems(pattern)).toEqual([]);
  });
});

describe('refNameProblem agrees with git check-ref-format', () => {
  const names = ['checkout@0.1.0', 'a b', 'a..b', 'a.lock', 'a/.b', 'a//b', 'a/', 'a.', 'a@{1}', 'a~1', 'a^', 'a:b', 'a?', 'a*', 'a[b', 'a\\b', 'a\tb', 'v1.2.3-rc.0+build.5', '@scope/pkg@1.0.0', 'x/y/z@1'];

  it.each(names)('%s', (name) => {
    expect(refNameProblem(name) === undefined).toBe(gitAccepts(name));
  });

  it('refuses a leading "-", which git would read as an option', () => {
    expect(refNameProblem(formatTag('-{product}@{version}', 'checkout', '0.1.0'))).toBe('it starts with "-"');
  });
});
