// --html=<file> of a dry run: the plan drawn as one self-contained HTML page.
import { checkOutputFile, writeOutputFile } from '../commands/output-file';
import { TagdeployError } from '../errors/tagdeploy-error';
import type { ReleaseDecision } from '../plan/release-plan';
import type { Workspace } from '../workspace/workspace';
import { buildPlanGraph } from './build-plan-graph';
import { readDagreSource } from './read-dagre-source';
import { renderPlanGraph } from './render-plan-graph';
import { command } from '../commands/spelling';

/** Refuses --html without --dry-run, and a path that cannot be written, before anything is read. */
export function checkPlanGraphRequest(product: string, path: string, dryRun: boolean | undefined): void {
  if (!dryRun) {
    throw new TagdeployError('USAGE', `--html draws the plan of a dry run, and this run would release ${product}: nothing was done. Add --dry-run: ${command('release', product, { 'dry-run': true, html: path })}.`);
  }
  checkOutputFile(path, '--html');
}

/** Returns the line that tells the person where the graph is. */
export function writePlanGraph(plan: ReleaseDecision, workspace: Workspace, path: string): string {
  writeOutputFile(path, '--html', renderPlanGraph(buildPlanGraph(plan, workspace), readDagreSource()));
  return `Drew the plan of ${plan.product} in ${path}.`;
}
