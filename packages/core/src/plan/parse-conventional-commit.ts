// Conventional commit headers and breaking-change footers, parsed by hand because
// conventional-commits-parser is ESM-only and our packages are CommonJS.
import type { RawCommit } from '../git/git-port';
import type { ConventionalCommit } from './release-plan';

// type(scope)!: subject. The type is a word (letters, digits, "-"); the scope has no parentheses.
const header = /^([A-Za-z][\w-]*)(?:\(([^()]*)\))?(!)?:\s+(\S.*)$/;
const breakingFooter = /^BREAKING[ -]CHANGE:\s*(.*)$/;
// Any other git trailer ("Refs: #12", "Co-authored-by: x", "Fixes #3") ends a footer's note.
const otherFooter = /^(?:[\w-]+: |[\w-]+ #)/;

export function parseConventionalCommit(raw: RawCommit): ConventionalCommit {
  const match = header.exec(raw.subject.trim());
  const note = readBreakingNote(raw.body);
  const base = { sha: raw.sha, author: raw.authorName };
  if (!match) {
    return { ...base, type: null, scope: null, subject: raw.subject.trim(), ...breaking(note) };
  }
  const [, type, scope, bang, subject] = match;
  const scopeText = scope?.trim() || null;
  return {
    ...base,
    type: type.toLowerCase(),
    scope: scopeText,
    subject: subject.trim(),
    ...breaking(note ?? (bang ? subject.trim() : undefined)),
  };
}

// Keys are omitted rather than set to undefined so that plans survive a JSON round trip unchanged.
function breaking(note: string | undefined): { breaking: boolean; breakingNote?: string } {
  return note === undefined ? { breaking: false } : { breaking: true, breakingNote: note };
}

function readBreakingNote(body: string): string | undefined {
  const lines = body.split(/\r?\n/);
  const start = lines.findIndex((line) => breakingFooter.test(line));
  if (start < 0) return undefined;
  const note = [breakingFooter.exec(lines[start])?.[1] ?? ''];
  for (const line of lines.slice(start + 1)) {
    if (line.trim() === '' || otherFooter.test(line)) break;
    note.push(line.trim());
  }
  return note.join(' ').trim();
}
