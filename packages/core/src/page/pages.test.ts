// The pure parts of the status page and the plan graph: what they draw from the facts, and that no
// value read from a store or a commit can break out of the page's markup or its embedded data.
import { describe, expect, it } from 'vitest';
import { buildReleasePlan } from '../plan/build-release-plan';
import { aCommit, aTag, someFacts } from '../plan/testing/builders';
import { buildPlanGraph } from './build-plan-graph';
import { renderPlanGraph } from './render-plan-graph';
import { renderStatusPage } from './render-status-page';
import type { StatusPageFacts } from './read-status-page-facts';

const hostile = '</script><img src=x onerror=alert(1)>';

function factsWith(reason: string, changelog: string): StatusPageFacts {
  const deployedAt = '2026-01-02T03:04:05.000Z';
  const record = (seq: number, action: 'deploy' | 'rollback', from: string | null, to: string) => ({ seq, action, from, to, deployedBy: 'Ana', approvedBy: null, reason: action === 'rollback' ? reason : null, deployedAt });
  return {
    generatedAt: deployedAt,
    envs: ['staging', 'production'],
    products: [
      {
        product: 'checkout',
        kind: 'static',
        status: {
          product: 'checkout',
          envs: [
            { env: 'staging', version: '0.1.0', tag: 'checkout@0.1.0', commit: 'a'.repeat(40), deployedAt, deployedBy: 'Ana', approvedBy: null, drift: 'the router serves 0.0.9' },
            { env: 'production', version: null, tag: null, commit: null, deployedAt: null, deployedBy: null, approvedBy: null },
          ],
          history: { staging: [record(3, 'rollback', '0.2.0', '0.1.0'), record(2, 'deploy', '0.1.0', '0.2.0'), record(1, 'deploy', null, '0.1.0')], production: [] },
        },
        releases: [
          { version: '0.1.0', tag: 'checkout@0.1.0', commit: 'a'.repeat(40), builtAt: deployedAt, changelog: '## 0.1.0' },
          { version: '0.2.0', tag: 'checkout@0.2.0', commit: 'b'.repeat(40), builtAt: deployedAt, changelog },
        ],
      },
    ],
  };
}

describe('status page', () => {
  it('shows each env of each product, drift, and the history oldest first with the rollback marked', () => {
    const page = renderStatusPage(factsWith('totals wrong', '## 0.2.0'));

    expect(page).toContain('data-product="checkout" data-env="staging" data-version="0.1.0"');
    expect(page).toContain('drift: the router serves 0.0.9');
    expect(page).toContain('data-env="production" data-version=""><span class="muted">nothing deployed');
    expect([...page.matchAll(/<li class="deployment( rollback)?" data-action="(\w+)" data-version="([\d.]+)"/g)].map((m) => `${m[2]} ${m[3]}${m[1] ? ' (marked)' : ''}`)).toEqual([
      'deploy 0.1.0',
      'deploy 0.2.0',
      'rollback 0.1.0 (marked)',
    ]);
  });

  it('escapes what it shows and embeds the changelogs so that "</script>" cannot end the data', () => {
    const page = renderStatusPage(factsWith(hostile, `## 0.2.0\n\n- ${hostile}`));

    expect(page).not.toContain('<img src=x');
    expect(page).toContain('&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;');
    const data = /<script type="application\/json" id="tagdeploy-releases">(.*?)<\/script>/s.exec(page)?.[1] ?? '';
    expect(JSON.parse(data).checkout[1].changelog).toBe(`## 0.2.0\n\n- ${hostile}`);
  });

  it('loads nothing from anywhere: no src or href that leaves the page', () => {
    expect(renderStatusPage(factsWith('x', 'y'))).not.toMatch(/(src|href)="(?!#)/);
  });
});

describe('plan graph', () => {
  const facts = someFacts({
    tags: [aTag('checkout@0.1.0', 'c'.repeat(40))],
    sealedVersions: ['0.1.0'],
    commits: [aCommit('fix(ui): focus ring', ['packages/ui/src/button.ts'])],
  });
  const plan = buildReleasePlan(facts, { product: 'checkout' });

  it('attaches the commit to the project it touched, and the other affected product to the shared project', () => {
    const graph = buildPlanGraph(plan, facts.workspace);

    expect(graph.nodes.map((node) => `${node.kind} ${node.label}`)).toEqual(expect.arrayContaining(['product checkout', 'dependency ui', 'dependency utils', 'affected storefront']));
    const commit = graph.nodes.find((node) => node.kind === 'commit');
    expect(commit?.label).toContain('focus ring');
    expect(graph.edges).toEqual(
      expect.arrayContaining([
        { from: commit?.id, to: 'project:ui', label: 'via ui' },
        { from: 'project:checkout', to: 'project:ui', label: 'depends on' },
        { from: 'project:ui', to: 'project:utils', label: 'depends on' },
        { from: 'affected:storefront', to: 'project:ui', label: 'uses' },
      ]),
    );
  });

  it('inlines the layout library it is given, after the data', () => {
    const page = renderPlanGraph(buildPlanGraph(plan, facts.workspace), '/* the library */ var dagre = {};');
    expect(page.indexOf('/* the library */')).toBeGreaterThan(page.indexOf('id="tagdeploy-plan-graph"'));
    expect(page).not.toMatch(/<script src=/);
  });
});
