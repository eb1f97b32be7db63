// A conventional-changelog preset by name: the parser options that read commits and the writer
// options that render them.
import type { ParserOptions } from 'conventional-commits-parser';
import type { Options as WriterOptions } from 'conventional-changelog-writer';
import type { ChangelogPreset, ChangelogType } from '../config/config-schema';
import { loadConventionalChangelog } from './load-conventional-changelog';

export interface ChangelogPresetOptions {
  parser: ParserOptions;
  writer: WriterOptions;
}

/** The section of counted commits whose type `types` does not list (the preset would drop them). */
export const otherChangesSection = 'Other changes';
/** The type key under which those commits reach the preset: no configured type can be empty. */
export const otherChangesType = '';

const breakingTitle = 'Breaking changes';

export function loadChangelogPreset(preset: ChangelogPreset, types: readonly ChangelogType[] = []): ChangelogPresetOptions {
  switch (preset) {
    case 'conventionalcommits':
      return withoutUntitledGroups(loadConventionalChangelog().createConventionalCommitsPreset({
        // The preset's own spelling of a hidden type is `effect: "hidden"`; users write `hidden: true`
        // (as in release-please and semantic-release). Without a section, a hidden commit that the
        // preset keeps for its breaking note falls in an untitled group, which is then left out.
        types: [...types, { type: otherChangesType, section: otherChangesSection }].map(({ type, section, hidden }) =>
          hidden ? { type, effect: 'hidden' as const } : { type, section },
        ),
        // The heading the hand-written renderer used, so that a CHANGELOG.md keeps one spelling.
        formatNoteTitle: (_context, title) => (/^BREAKING[ -]CHANGES?$/i.test(title) ? breakingTitle : title.toUpperCase()),
        formatNoteIcon: (_context, title) => (title === breakingTitle ? '⚠' : ''),
        // tagdeploy does not know the repository's web address: references stay plain text.
        formatIssueUrl: () => '',
        formatUserUrl: () => '',
      }));
  }
}

/** Hidden commits the preset keeps for their notes: the note shows under its heading, the commit nowhere. */
function withoutUntitledGroups(preset: ChangelogPresetOptions): ChangelogPresetOptions {
  return {
    ...preset,
    writer: { ...preset.writer, finalizeContext: (context) => ({ ...context, commitGroups: context.commitGroups?.filter((group) => Boolean(group.title)) }) },
  };
}
