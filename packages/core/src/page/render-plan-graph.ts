// The plan graph page (pure): the graph as embedded data, laid out in the page by dagre (its code
// passed in, inlined) and drawn as SVG, with a plain list of the same nodes beside it.
import type { PlanGraph, PlanNodeKind } from './build-plan-graph';
import { baseStyle, embedJson, escapeHtml, renderPage } from './html';

export function renderPlanGraph(graph: PlanGraph, layoutLibrary: string): string {
  const legend = (Object.keys(kindNames) as PlanNodeKind[])
    .filter((kind) => graph.nodes.some((node) => node.kind === kind))
    .map((kind) => `<li class="node-${kind}"><span class="swatch"></span>${escapeHtml(kindNames[kind])}</li>`)
    .join('');
  const body = [
    `<h1>Release plan: ${escapeHtml(graph.title)}</h1>`,
    '<p class="muted">Drawn by tagdeploy from a dry run; nothing was released.</p>',
    `<ul class="legend">${legend}</ul>`,
    '<div id="graph"></div>',
    embedJson('tagdeploy-plan-graph', graph),
  ].join('\n');
  return renderPage(`tagdeploy plan: ${graph.title}`, style, body, [layoutLibrary, drawScript]);
}

const kindNames: Record<PlanNodeKind, string> = {
  product: 'the product',
  dependency: 'in its dependency closure',
  'root-files': 'root files that count for every product',
  commit: 'a commit that counts',
  affected: 'another product the same changes affect',
};

const style = `${baseStyle}
.legend { list-style: none; display: flex; gap: 16px; padding: 0; }
.swatch { display: inline-block; width: 12px; height: 12px; margin-right: 6px; border: 1px solid #344054; vertical-align: -2px; }
.node-product .swatch, svg .node-product rect { fill: #d1e9ff; background: #d1e9ff; }
.node-dependency .swatch, svg .node-dependency rect { fill: #f2f4f7; background: #f2f4f7; }
.node-root-files .swatch, svg .node-root-files rect { fill: #fef0c7; background: #fef0c7; }
.node-commit .swatch, svg .node-commit rect { fill: #ffffff; background: #ffffff; }
.node-affected .swatch, svg .node-affected rect { fill: #fee4e2; background: #fee4e2; }
svg rect { stroke: #344054; rx: 6; }
svg text { font: 12px system-ui, sans-serif; fill: #1d2430; }
svg .edge path { fill: none; stroke: #667085; stroke-width: 1.2; }
svg .edge text { font-size: 10px; fill: #667085; }
`;

// Runs in the page: dagre lays the graph out left to right, the script draws one SVG group per
// node (class node-<kind>, data-id) and per edge. Text through textContent only.
const drawScript = `
(function () {
  var graph = JSON.parse(document.getElementById('tagdeploy-plan-graph').textContent);
  var svgNs = 'http://www.w3.org/2000/svg';
  var g = new dagre.graphlib.Graph({ multigraph: true });
  g.setGraph({ rankdir: 'RL', nodesep: 18, ranksep: 70, marginx: 12, marginy: 12 });
  g.setDefaultEdgeLabel(function () { return {}; });
  graph.nodes.forEach(function (node) {
    var longest = Math.max(node.label.length, (node.detail || '').length);
    g.setNode(node.id, { node: node, width: Math.min(360, 24 + longest * 7), height: node.detail ? 40 : 26 });
  });
  graph.edges.forEach(function (edge, index) {
    g.setEdge(edge.from, edge.to, { label: edge.label || '', width: (edge.label || '').length * 6, height: 12, labelpos: 'c' }, 'e' + index);
  });
  dagre.layout(g);
  function el(name, attrs, parent) {
    var made = document.createElementNS(svgNs, name);
    Object.keys(attrs).forEach(function (key) { made.setAttribute(key, attrs[key]); });
    parent.appendChild(made);
    return made;
  }
  var size = g.graph();
  var svg = el('svg', { width: size.width, height: size.height, viewBox: '0 0 ' + size.width + ' ' + size.height }, document.getElementById('graph'));
  var defs = el('defs', {}, svg);
  var marker = el('marker', { id: 'arrow', viewBox: '0 0 10 10', refX: 10, refY: 5, markerWidth: 7, markerHeight: 7, orient: 'auto-start-reverse' }, defs);
  el('path', { d: 'M 0 0 L 10 5 L 0 10 z', fill: '#667085' }, marker);
  g.edges().forEach(function (e) {
    var edge = g.edge(e);
    var group = el('g', { 'class': 'edge', 'data-from': e.v, 'data-to': e.w }, svg);
    var d = edge.points.map(function (p, i) { return (i ? 'L ' : 'M ') + p.x + ' ' + p.y; }).join(' ');
    el('path', { d: d, 'marker-end': 'url(#arrow)' }, group);
    if (edge.label) el('text', { x: edge.x, y: edge.y + 3, 'text-anchor': 'middle' }, group).textContent = edge.label;
  });
  g.nodes().forEach(function (id) {
    var box = g.node(id);
    var group = el('g', { 'class': 'node node-' + box.node.kind, 'data-id': id, transform: 'translate(' + (box.x - box.width / 2) + ',' + (box.y - box.height / 2) + ')' }, svg);
    el('rect', { width: box.width, height: box.height }, group);
    el('text', { x: 10, y: 17 }, group).textContent = box.node.label;
    if (box.node.detail) el('text', { x: 10, y: 32, 'class': 'detail' }, group).textContent = box.node.detail;
  });
  document.body.dataset.drawn = String(g.nodeCount());
})();
`;
