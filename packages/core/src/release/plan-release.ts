// Gather then plan: read the facts once, decide purely, then write the decision's changelog (the
// conventional-changelog writer is asynchronous, so it runs here, at the edge). The caller prints
// the plan (dry run) or hands it to applyReleasePlan.
import { renderChangelog } from '../changelog/render-changelog';
import { buildReleasePlan } from '../plan/build-release-plan';
import type { ReleaseDecision, ReleaseFacts, ReleasePlan, ReleaseRequest } from '../plan/release-plan';
import { readReleaseFacts, type FactSources } from './read-release-facts';

export async function planRelease(request: ReleaseRequest, sources: FactSources): Promise<ReleasePlan> {
  const facts = await readReleaseFacts(request.product, sources, request.firstRelease);
  return renderReleaseChangelog(buildReleasePlan(facts, request), facts);
}

/** The plan with its changelog: the counted commits under the version being released or resumed. */
export async function renderReleaseChangelog(decision: ReleaseDecision, facts: Pick<ReleaseFacts, 'today' | 'changelog'>): Promise<ReleasePlan> {
  if (decision.status === 'nothing-to-release') return { ...decision, changelog: '' };
  const commits = decision.commits.filter((commit) => commit.counts);
  const input = { product: decision.product, version: decision.version, date: facts.today, commits };
  return { ...decision, changelog: await renderChangelog(input, facts.changelog) };
}
