// Conventional commits, parsed by conventional-commits-parser with the preset's parser options
// (which read "feat!:" as breaking; the parser's defaults do not). Pure and synchronous, so that
// the release plan can decide bumps from it.
import type { CommitParser as Parser } from 'conventional-commits-parser';
import type { ChangelogPreset } from '../config/config-schema';
import type { RawCommit } from '../git/git-port';
import type { ConventionalCommit } from '../plan/release-plan';
import { loadConventionalChangelog } from './load-conventional-changelog';
import { loadChangelogPreset } from './load-changelog-preset';

const parsers = new Map<ChangelogPreset, Parser>();

function parserFor(preset: ChangelogPreset): Parser {
  let parser = parsers.get(preset);
  if (!parser) {
    const { CommitParser } = loadConventionalChangelog();
    parser = new CommitParser(loadChangelogPreset(preset).parser);
    parsers.set(preset, parser);
  }
  return parser;
}

export function parseCommit(raw: Pick<RawCommit, 'sha' | 'subject' | 'body' | 'authorName'>, preset: ChangelogPreset): ConventionalCommit {
  const header = raw.subject.trim();
  const parsed = parserFor(preset).parse(raw.body.trim() ? `${header}\n\n${raw.body}` : header);
  const type = typeof parsed.type === 'string' && parsed.type !== '' ? parsed.type.toLowerCase() : null;
  const scope = type !== null && typeof parsed.scope === 'string' && parsed.scope.trim() !== '' ? parsed.scope.trim() : null;
  const notes = parsed.notes.map(({ title, text }) => ({ title, text: text.trim() }));
  const { isBreakingNote } = loadConventionalChangelog();
  const breakingNote = notes.find((note) => isBreakingNote(note))?.text;
  return {
    sha: raw.sha,
    type,
    scope,
    subject: type !== null && typeof parsed.subject === 'string' ? parsed.subject.trim() : header,
    header,
    // Keys are omitted rather than set to undefined so that plans survive a JSON round trip unchanged.
    ...(breakingNote === undefined ? { breaking: false } : { breaking: true, breakingNote }),
    notes,
    references: parsed.references.map(({ raw: text, action, owner, repository, prefix, issue }) => ({ raw: text, action, owner, repository, prefix, issue })),
    author: raw.authorName,
  };
}
