// The release-status text: one aligned table per product ('—' for an empty env), drift flagged
// under its row, and with history every deployment of each env, newest first. --json prints the
// ReleaseStatus object itself.
import type { DeploymentRecord, EnvStatusRow, ReleaseStatus } from './read-release-status';

const none = '—';

export function renderReleaseStatus(status: ReleaseStatus): string {
  const header = ['ENV', 'VERSION', 'TAG', 'COMMIT', 'DEPLOYED', 'BY', 'APPROVED BY'];
  const rows = status.envs.map(statusCells);
  const lines = [`${status.product}`];
  alignColumns([header, ...rows]).forEach((line, index) => {
    lines.push(`  ${line}`);
    const drift = index > 0 ? status.envs[index - 1].drift : undefined;
    if (drift) lines.push(`    ⚠ drift: ${drift}`);
  });
  for (const [env, records] of Object.entries(status.history ?? {})) {
    lines.push('', `  history of ${env} (newest first)`);
    if (records.length === 0) {
      lines.push('    no deployments yet');
      continue;
    }
    const historyHeader = ['#', 'ACTION', 'FROM → TO', 'WHEN', 'BY', 'APPROVED BY', 'REASON'];
    alignColumns([historyHeader, ...records.map(historyCells)]).forEach((line) => lines.push(`    ${line}`));
  }
  return `${lines.join('\n')}\n`;
}

function statusCells(row: EnvStatusRow): string[] {
  if (row.version === null) return [row.env, none, none, none, none, none, none];
  return [
    row.env,
    row.version,
    row.tag ?? none,
    row.commit?.slice(0, 7) ?? none,
    formatTime(row.deployedAt),
    row.deployedBy ?? none,
    row.approvedBy ?? none,
  ];
}

function historyCells(record: DeploymentRecord): string[] {
  return [
    String(record.seq),
    record.action,
    `${record.from ?? none} → ${record.to}`,
    formatTime(record.deployedAt),
    record.deployedBy,
    record.approvedBy ?? none,
    record.reason ?? '',
  ];
}

/** "2024-05-01T10:00:07.123Z" → "2024-05-01 10:00:07Z" (UTC, to the second). */
function formatTime(iso: string | null): string {
  if (!iso) return none;
  const match = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}:\d{2})/.exec(iso);
  return match ? `${match[1]} ${match[2]}Z` : iso;
}

function alignColumns(rows: string[][]): string[] {
  const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => [...row[column]].length)));
  return rows.map((row) => row.map((cell, column) => cell + ' '.repeat(widths[column] - [...cell].length)).join('  ').trimEnd());
}
