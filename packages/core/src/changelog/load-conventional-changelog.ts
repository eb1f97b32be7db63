// The ESM-only conventional-changelog packages, required on first use rather than when core loads,
// so that reading the Nx graph (which loads core for the settings) does not pay for them.
// Node >= 20.19 require()s an ES module synchronously: see conventional-changelog.mjs for why
// through that file and not by package name.
type ConventionalChangelog = typeof import('./conventional-changelog.mjs');

let loaded: ConventionalChangelog | undefined;

export function loadConventionalChangelog(): ConventionalChangelog {
  loaded ??= require('./conventional-changelog.mjs') as ConventionalChangelog;
  return loaded;
}
