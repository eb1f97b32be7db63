import { describe, expect, it } from 'vitest';
import { aCommit } from '../plan/testing/builders';
import { loadConventionalChangelog } from './load-conventional-changelog';
import { parseCommit } from './parse-commit';

const parse = (message: string) => parseCommit(aCommit(message), 'conventionalcommits');

describe('parseCommit (conventional-commits-parser with the conventionalcommits preset)', () => {
  it.each([
    ['feat: add cart', 'feat', null, 'add cart'],
    ['fix(ui): align button', 'fix', 'ui', 'align button'],
    ['perf(checkout_api): cache prices', 'perf', 'checkout_api', 'cache prices'],
    ['Feat(UI): shout', 'feat', 'UI', 'shout'],
    ['chore(deps)!: drop node 18', 'chore', 'deps', 'drop node 18'],
  ])('reads %j as type %s, scope %s, subject %j', (header, type, scope, subject) => {
    expect(parse(header)).toMatchObject({ type, scope, subject, header });
  });

  it.each(['Merge branch main into feature', 'feat add cart', 'feat:no space', 'WIP'])('keeps the whole non-conventional header %j as the subject', (header) => {
    expect(parse(header)).toMatchObject({ type: null, scope: null, subject: header, breaking: false });
  });

  it('reads "!" as a breaking change whose note is the subject', () => {
    expect(parse('feat(ui)!: drop IE')).toMatchObject({ breaking: true, breakingNote: 'drop IE' });
  });

  it('needs the preset for that: the parser with its default options does not read "!"', () => {
    const { CommitParser } = loadConventionalChangelog();
    expect(new CommitParser().parse('feat(ui)!: drop IE').notes).toEqual([]);
  });

  it.each(['BREAKING CHANGE', 'BREAKING-CHANGE'])('reads a %s footer as breaking, with its note', (token) => {
    expect(parse(`feat(ui): new theme\n\nColours moved.\n\n${token}: --primary is now --accent`)).toMatchObject({
      breaking: true,
      breakingNote: '--primary is now --accent',
      notes: [{ title: token, text: '--primary is now --accent' }],
    });
  });

  it('prefers the footer note over the subject when both mark a breaking change', () => {
    expect(parse('feat!: new api\n\nBREAKING CHANGE: /v1 is gone').breakingNote).toBe('/v1 is gone');
  });

  it('reads a breaking footer in a non-conventional commit', () => {
    expect(parse('Rework API\n\nBREAKING CHANGE: all of it')).toMatchObject({ type: null, breaking: true });
  });

  it('reads issue references', () => {
    expect(parse('fix: rounding\n\nCloses #12').references).toMatchObject([{ action: 'Closes', prefix: '#', issue: '12' }]);
  });

  it('leaves breakingNote out (not undefined) when the commit is not breaking, so plans survive JSON', () => {
    const commit = parse('fix: x');
    expect(Object.keys(commit)).not.toContain('breakingNote');
    expect(JSON.parse(JSON.stringify(commit))).toEqual(commit);
  });

  it('keeps sha and author', () => {
    const raw = aCommit('fix: x');
    expect(parseCommit(raw, 'conventionalcommits')).toMatchObject({ sha: raw.sha, author: 'Ada Lovelace' });
  });
});
