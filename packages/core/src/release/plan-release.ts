// Gather then plan: read the facts once, decide purely. The caller prints the plan (dry run) or
// hands it to applyReleasePlan.
import { buildReleasePlan } from '../plan/build-release-plan';
import type { ReleasePlan, ReleaseRequest } from '../plan/release-plan';
import { readReleaseFacts, type FactSources } from './read-release-facts';

export async function planRelease(request: ReleaseRequest, sources: FactSources): Promise<ReleasePlan> {
  const facts = await readReleaseFacts(request.product, sources, request.firstRelease);
  return buildReleasePlan(facts, request);
}
