// The ESM-only conventional-changelog packages, re-exported from one ES module so that our
// CommonJS code can require() it synchronously (Node >= 20.19 loads ES modules with require).
// A direct require('conventional-commits-parser') fails: its exports offer only an "import"
// entry, which an ES module's own imports resolve and require() does not.
export { CommitParser } from 'conventional-commits-parser';
export { writeChangelogString, isBreakingNote } from 'conventional-changelog-writer';
export { default as createConventionalCommitsPreset } from 'conventional-changelog-conventionalcommits';
