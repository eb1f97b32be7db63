import { describe, expect, it } from 'vitest';
import { parseConventionalCommit } from './parse-conventional-commit';
import { aCommit } from './testing/builders';

describe('parseConventionalCommit', () => {
  it.each([
    ['feat: add cart', 'feat', null, 'add cart'],
    ['fix(ui): align button', 'fix', 'ui', 'align button'],
    ['perf(checkout-api): cache prices', 'perf', 'checkout-api', 'cache prices'],
    ['Feat(UI): shout', 'feat', 'UI', 'shout'],
    ['chore(deps)!: drop node 18', 'chore', 'deps', 'drop node 18'],
    ['docs():  empty scope', 'docs', null, 'empty scope'],
  ])('reads %j as type %s, scope %s, subject %j', (header, type, scope, subject) => {
    expect(parseConventionalCommit(aCommit(header))).toMatchObject({ type, scope, subject });
  });

  it.each(['Merge branch main into feature', 'feat add cart', 'feat:no space', 'fix(ui: broken scope', 'WIP'])(
    'keeps the whole non-conventional header %j as the subject',
    (header) => {
      expect(parseConventionalCommit(aCommit(header))).toMatchObject({ type: null, scope: null, subject: header, breaking: false });
    },
  );

  it('reads "!" as a breaking change whose note is the subject', () => {
    expect(parseConventionalCommit(aCommit('feat(ui)!: drop IE'))).toMatchObject({ breaking: true, breakingNote: 'drop IE' });
  });

  it.each(['BREAKING CHANGE', 'BREAKING-CHANGE'])('reads a %s footer as breaking, with its note', (token) => {
    const commit = aCommit(`feat(ui): new theme\n\nColours moved.\n\n${token}: --primary is now --accent\nRefs: #12`);
    expect(parseConventionalCommit(commit)).toMatchObject({ breaking: true, breakingNote: '--primary is now --accent' });
  });

  it('joins a footer note that spans several lines', () => {
    const commit = aCommit('fix: x\n\nBREAKING CHANGE: the config file\nmoved to tagdeploy.json\n\nother text');
    expect(parseConventionalCommit(commit).breakingNote).toBe('the config file moved to tagdeploy.json');
  });

  it('prefers the footer note over the subject when both mark a breaking change', () => {
    const commit = aCommit('feat!: new api\n\nBREAKING CHANGE: /v1 is gone');
    expect(parseConventionalCommit(commit).breakingNote).toBe('/v1 is gone');
  });

  it('does not treat a lower-case "breaking change:" line as a footer', () => {
    expect(parseConventionalCommit(aCommit('fix: x\n\nbreaking change: not really')).breaking).toBe(false);
  });

  it('reads a breaking footer in a non-conventional commit', () => {
    expect(parseConventionalCommit(aCommit('Rework API\n\nBREAKING CHANGE: all of it'))).toMatchObject({ type: null, breaking: true });
  });

  it('leaves breakingNote out (not undefined) when the commit is not breaking', () => {
    expect(Object.keys(parseConventionalCommit(aCommit('fix: x')))).not.toContain('breakingNote');
  });

  it('keeps sha and author', () => {
    const raw = aCommit('fix: x');
    expect(parseConventionalCommit(raw)).toMatchObject({ sha: raw.sha, author: 'Ada Lovelace' });
  });
});
