// Types of conventional-changelog.mjs, from the packages themselves (tsconfig "paths" lets our
// CommonJS build read their exports-only typings).
import type { ParserOptions } from 'conventional-commits-parser';
import type { Options as WriterOptions } from 'conventional-changelog-writer';
import type { PresetConfig } from 'conventional-changelog-conventionalcommits';

export { CommitParser } from 'conventional-commits-parser';
export { writeChangelogString, isBreakingNote } from 'conventional-changelog-writer';

/** The preset's own typing says only `{}`; these are the parts of it that we use. */
export declare function createConventionalCommitsPreset(config?: PresetConfig): { parser: ParserOptions; writer: WriterOptions };
