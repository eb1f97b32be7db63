// The changelogs of the same plans, before (the hand-written renderer, whose output is kept in
// testing/old-renderer-output.ts) and now (the conventionalcommits preset with the default
// types): the same headings in the same order, each commit under the same heading. As with the
// preset everywhere, a breaking commit is also listed under its type, and the breaking heading
// holds the note alone.
import { describe, expect, it } from 'vitest';
import { changelogOf } from '../plan/testing/builders';
import { changelogScenarios } from './testing/changelog-scenarios';
import { oldRendererOutput } from './testing/old-renderer-output';

interface Section {
  heading: string;
  /** "text sha", the sha left out where the renderer prints none (breaking notes). */
  entries: string[];
}

const breakingHeading = '### ⚠ Breaking changes';

function sectionsOf(markdown: string, readEntry: (line: string, next: string | undefined) => string | null): Section[] {
  const sections: Section[] = [];
  const lines = markdown.split('\n');
  lines.forEach((line, index) => {
    if (line.startsWith('### ')) sections.push({ heading: line, entries: [] });
    else if (sections.length > 0) {
      const entry = readEntry(line, lines[index + 1]);
      if (entry !== null) sections[sections.length - 1].entries.push(entry);
    }
  });
  return sections;
}

/** "- ui (button): focus ring (4a1ac60)", "- feat: x (abc1234, reverts def5678)", a note indented below. */
function oldEntry(line: string, next: string | undefined): string | null {
  const match = /^- (.*) \(([0-9a-f]{7})(?:, (reverts [0-9a-f]{7}))?\)$/.exec(line);
  if (!match) return null;
  const [, text, sha, reverts] = match;
  return [next?.startsWith('  ') ? next.trim() : text, sha, reverts].filter(Boolean).join(' ');
}

/** "* **ui (button):** focus ring 4a1ac60", "* feat: x (reverts def5678) abc1234", a note "* **ui:** text". */
function newEntry(line: string): string | null {
  if (!line.startsWith('* ')) return null;
  const text = line.slice(2).replace(/^\*\*(.*?):\*\* /, '$1: ');
  const match = /^(.*?)(?: \((reverts [0-9a-f]{7})\))? ([0-9a-f]{7})$/.exec(text);
  return match ? [match[1], match[3], match[2]].filter(Boolean).join(' ') : text;
}

describe('the conventionalcommits preset renders the sections the hand-written renderer did', () => {
  it.each(Object.keys(changelogScenarios))('%s', async (name) => {
    const before = sectionsOf(oldRendererOutput[name], oldEntry);
    const now = sectionsOf(await changelogOf(changelogScenarios[name]), newEntry);
    const breakingShas = new Set((before.find((section) => section.heading === breakingHeading)?.entries ?? []).map((entry) => entry.split(' ').at(-1)));
    const shaOf = (entry: string) => entry.split(' ').find((word) => /^[0-9a-f]{7}$/.test(word));
    // Headings: the same, in the same order; a heading of its own only for breaking commits' types.
    const added = now.filter((section) => !before.some((old) => old.heading === section.heading));
    expect(now.map((section) => section.heading).filter((heading) => before.some((old) => old.heading === heading))).toEqual(before.map((section) => section.heading));
    for (const section of added) expect(section.entries.every((entry) => breakingShas.has(shaOf(entry)))).toBe(true);
    for (const old of before) {
      const section = now.find((candidate) => candidate.heading === old.heading);
      if (old.heading === breakingHeading) {
        // The note (or the subject of a "!" commit) under the breaking heading, without its sha.
        expect(section?.entries).toEqual(old.entries.map((entry) => entry.replace(/ [0-9a-f]{7}$/, '')));
      } else {
        expect(section?.entries.filter((entry) => !breakingShas.has(shaOf(entry))).sort()).toEqual([...old.entries].sort());
      }
    }
  });
});
