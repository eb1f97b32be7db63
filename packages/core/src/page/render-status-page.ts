// The status page (pure): every product x every env (version, when, who, approver, drift), each
// env's history as a timeline with rollbacks marked, and per product a choice of two versions
// whose changelog between them the page shows (the sealed changelog sections, embedded as data).
import type { DeploymentRecord, EnvStatusRow } from '../env/read-release-status';
import { baseStyle, embedJson, escapeHtml, renderPage } from './html';
import type { PageProduct, StatusPageFacts } from './read-status-page-facts';

export function renderStatusPage(facts: StatusPageFacts): string {
  const body = [
    '<h1>What is live where</h1>',
    `<p class="muted">Read from the stores at <time datetime="${escapeHtml(facts.generatedAt)}">${escapeHtml(shortTime(facts.generatedAt))}</time> by tagdeploy.</p>`,
    facts.products.length ? renderMatrix(facts) : '<p id="no-products">No products yet: add a tagdeploy.json beside a project to make it one.</p>',
    ...facts.products.map(renderProduct),
    embedJson('tagdeploy-releases', Object.fromEntries(facts.products.map((entry) => [entry.product, entry.releases]))),
  ].join('\n');
  return renderPage('tagdeploy: what is live', style, body, [changelogScript]);
}

function renderMatrix({ envs, products }: StatusPageFacts): string {
  const head = `<tr><th>product</th>${envs.map((env) => `<th>${escapeHtml(env)}</th>`).join('')}</tr>`;
  const rows = products.map(({ product, status }) => {
    const cells = envs.map((env) => renderCell(product, env, status.envs.find((row) => row.env === env)));
    return `<tr><th><a href="#product-${escapeHtml(product)}">${escapeHtml(product)}</a></th>${cells.join('')}</tr>`;
  });
  return `<table id="matrix">\n${head}\n${rows.join('\n')}\n</table>`;
}

function renderCell(product: string, env: string, row: EnvStatusRow | undefined): string {
  const where = `data-product="${escapeHtml(product)}" data-env="${escapeHtml(env)}"`;
  if (!row) return `<td class="cell none" ${where}><span class="muted">not used</span></td>`;
  if (row.version === null) return `<td class="cell empty" ${where} data-version=""><span class="muted">nothing deployed</span></td>`;
  const lines = [
    `<div class="version">${escapeHtml(row.version)}</div>`,
    `<div>${escapeHtml(shortTime(row.deployedAt))}</div>`,
    `<div>by ${escapeHtml(row.deployedBy ?? '—')}</div>`,
    `<div>approved by ${escapeHtml(row.approvedBy ?? '—')}</div>`,
    ...(row.drift ? [`<div class="drift">drift: ${escapeHtml(row.drift)}</div>`] : []),
  ];
  return `<td class="cell${row.drift ? ' drifted' : ''}" ${where} data-version="${escapeHtml(row.version)}">${lines.join('')}</td>`;
}

function renderProduct({ product, kind, status, releases }: PageProduct): string {
  const timelines = status.envs.map((row) => renderTimeline(row.env, status.history?.[row.env] ?? []));
  const options = releases.map((release) => `<option value="${escapeHtml(release.version)}">${escapeHtml(release.version)}</option>`).join('');
  const changelog = releases.length
    ? `<div class="changelog" data-product="${escapeHtml(product)}"><label>from <select class="from">${options}</select></label> <label>to <select class="to">${options}</select></label><div class="changes"></div></div>`
    : '<p class="muted">No sealed release yet.</p>';
  return [
    `<section class="product" id="product-${escapeHtml(product)}" data-product="${escapeHtml(product)}">`,
    `<h2>${escapeHtml(product)} <span class="muted">${escapeHtml(kind)}</span></h2>`,
    ...timelines,
    '<h3>Changelog between two versions</h3>',
    changelog,
    '</section>',
  ].join('\n');
}

/** Oldest deployment first, so time runs left to right. */
function renderTimeline(env: string, history: readonly DeploymentRecord[]): string {
  const items = [...history].reverse().map((record) => {
    const rollback = record.action === 'rollback';
    const details = [
      `<div class="to">${rollback ? '↩ ' : ''}${escapeHtml(record.to)}</div>`,
      `<div class="action">${escapeHtml(record.action)}${record.from ? ` from ${escapeHtml(record.from)}` : ''}</div>`,
      `<div class="muted">${escapeHtml(shortTime(record.deployedAt))}</div>`,
      `<div class="muted">by ${escapeHtml(record.deployedBy)}${record.approvedBy ? `, approved by ${escapeHtml(record.approvedBy)}` : ''}</div>`,
      ...(record.reason ? [`<div class="reason">“${escapeHtml(record.reason)}”</div>`] : []),
    ];
    return `<li class="deployment${rollback ? ' rollback' : ''}" data-action="${escapeHtml(record.action)}" data-version="${escapeHtml(record.to)}">${details.join('')}</li>`;
  });
  const list = items.length ? `<ol class="timeline">${items.join('')}</ol>` : '<p class="muted">No deployment yet.</p>';
  return `<div class="env-history" data-env="${escapeHtml(env)}"><h3>${escapeHtml(env)}</h3>${list}</div>`;
}

function shortTime(iso: string | null): string {
  return iso ? `${iso.slice(0, 19).replace('T', ' ')}Z` : '—';
}

const style = `${baseStyle}
.cell .version { font-size: 18px; font-weight: 700; }
.timeline { list-style: none; display: flex; gap: 0; padding: 0; margin: 0; overflow-x: auto; }
.timeline li { min-width: 150px; padding: 8px 10px; border-top: 4px solid #2e90fa; margin-right: 6px; background: #fff; }
.timeline li.rollback { border-top-color: #f04438; background: #fef3f2; }
.timeline .to { font-weight: 700; }
.changes { margin-top: 8px; background: #fff; border: 1px solid #d0d5dd; padding: 8px 12px; white-space: pre-wrap; font: 12px/1.5 ui-monospace, monospace; }
`;

// Runs in the page: fills each product's changelog for the chosen pair of versions from the
// embedded releases (newest of the range first). Text only, through textContent.
const changelogScript = `
(function () {
  var releases = JSON.parse(document.getElementById('tagdeploy-releases').textContent);
  document.querySelectorAll('.changelog').forEach(function (box) {
    var list = releases[box.dataset.product] || [];
    var from = box.querySelector('.from'), to = box.querySelector('.to'), out = box.querySelector('.changes');
    from.selectedIndex = Math.max(0, list.length - 2);
    to.selectedIndex = list.length - 1;
    function show() {
      var a = from.selectedIndex, b = to.selectedIndex;
      var low = Math.min(a, b), high = Math.max(a, b);
      var sections = list.slice(low + 1, high + 1).reverse().map(function (release) { return release.changelog.trim(); });
      var heading = a === b ? 'Same version: nothing between them.'
        : a < b ? 'Changes from ' + list[a].version + ' to ' + list[b].version + ':'
        : 'Going back from ' + list[a].version + ' to ' + list[b].version + ' takes out:';
      out.textContent = [heading].concat(sections).join('\\n\\n');
    }
    from.addEventListener('change', show);
    to.addEventListener('change', show);
    show();
  });
})();
`;
