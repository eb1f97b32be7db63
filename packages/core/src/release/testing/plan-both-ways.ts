// The same release planned twice in one clone: from the pathspec-limited log (what releases
// use) and from the whole range's log with every file (the reference), with a record of the
// `git log` reads each made, so that tests and benchmarks can assert equal plans and one read.
import type { Git } from '../../git/git-port';
import type { ReleasePlan, ReleaseRequest } from '../../plan/release-plan';
import { planRelease } from '../plan-release';
import type { FactSources } from '../read-release-facts';

export interface BothPlans {
  pathspec: ReleasePlan;
  full: ReleasePlan;
  /** The readCommits calls of the pathspec plan: their path lists (undefined: the whole range). */
  pathspecReads: Array<readonly string[] | undefined>;
}

export async function planBothWays(request: ReleaseRequest, sources: FactSources): Promise<BothPlans> {
  const pathspecReads: Array<readonly string[] | undefined> = [];
  const git: Git = Object.create(sources.git, {
    readCommits: {
      value: (range: Parameters<Git['readCommits']>[0]) => {
        pathspecReads.push(range.paths);
        return sources.git.readCommits(range);
      },
    },
  });
  const pathspec = await planRelease(request, { ...sources, git, history: 'pathspec' });
  const full = await planRelease(request, { ...sources, history: 'full' });
  return { pathspec, full, pathspecReads };
}
