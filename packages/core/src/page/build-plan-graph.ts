// The plan as a graph (pure): the product, the projects of its dependency closure with their
// edges, each counted commit attached to the projects it touched (the "via" of the plan), and the
// other products the same shared changes affect, attached to those shared projects.
import type { ReleaseDecision } from '../plan/release-plan';
import { resolveDependencyClosure } from '../plan/resolve-dependency-closure';
import type { Workspace } from '../workspace/workspace';

export type PlanNodeKind = 'product' | 'dependency' | 'root-files' | 'commit' | 'affected';

export interface PlanNode {
  id: string;
  kind: PlanNodeKind;
  label: string;
  /** A second line: the version change, the commit's bump. */
  detail?: string;
}

export interface PlanEdge {
  from: string;
  to: string;
  label?: string;
}

export interface PlanGraph {
  title: string;
  nodes: PlanNode[];
  edges: PlanEdge[];
}

export function buildPlanGraph(plan: ReleaseDecision, workspace: Workspace): PlanGraph {
  const closure = resolveDependencyClosure(workspace, plan.product);
  const counted = plan.commits.filter((commit) => commit.counts);
  const projectId = (name: string) => `project:${name}`;
  const change = `${plan.previous?.version ?? 'first release'} → ${plan.version}${plan.bump ? ` (${plan.bump})` : ''}`;
  const nodes: PlanNode[] = [
    { id: projectId(plan.product), kind: 'product', label: plan.product, detail: plan.status === 'release' ? change : plan.status },
    ...closure.slice(1).map((name) => ({ id: projectId(name), kind: 'dependency' as const, label: name })),
  ];
  const edges: PlanEdge[] = closure.flatMap((name) =>
    (workspace.projects[name]?.dependencies ?? []).filter((dependency) => closure.includes(dependency)).map((dependency) => ({ from: projectId(name), to: projectId(dependency), label: 'depends on' })),
  );
  if (counted.some((commit) => commit.via.includes('(root)'))) nodes.push({ id: projectId('(root)'), kind: 'root-files', label: 'root files' });
  for (const commit of counted) {
    nodes.push({ id: `commit:${commit.sha}`, kind: 'commit', label: `${commit.shortSha} ${commit.subject}`, detail: [commit.type, commit.scope && `(${commit.scope})`, commit.bump && `→ ${commit.bump}`].filter(Boolean).join(' ') });
    for (const project of commit.via) edges.push({ from: `commit:${commit.sha}`, to: projectId(project), label: `via ${project}` });
  }
  for (const affected of plan.affectedProducts) {
    nodes.push({ id: `affected:${affected.product}`, kind: 'affected', label: affected.product, detail: 'also affected, not released' });
    for (const shared of affected.via) edges.push({ from: `affected:${affected.product}`, to: projectId(shared), label: 'uses' });
  }
  return { title: `${plan.product}: ${change}`, nodes, edges };
}
