// Environments end to end: nx deploy, promote, rollback and release-status in a real Nx workspace
// (a temp copy of examples/shop), on the file store here and on S3 in the e2e-s3 project.
import { afterEach, describe, expect, it } from 'vitest';
import { createShop, type RunResult, type Shop } from './support/shop';

let shop: Shop;
afterEach(() => shop?.cleanup());

const uiIndex = 'packages/ui/src/index.ts';
// Who runs the commands is the shop repo's git user, whatever this machine's environment says.
const asShopUser = { TAGDEPLOY_ACTOR: '', TAGDEPLOY_APPROVER: '' };
const approvedByAna = ['--approve', '--approved-by=Ana'];

function nxOk(args: string[]): RunResult {
  const run = shop.nx(args, asShopUser);
  expect(run.code, `nx ${args.join(' ')}\n${run.output}`).toBe(0);
  return run;
}

/** The JSON document a `--json` target printed between Nx's own lines. */
function parseNxJson<T>(stdout: string): T {
  const lines = stdout.split('\n');
  const start = lines.indexOf('{');
  const end = lines.indexOf('}', start);
  if (start < 0 || end < 0) throw new Error(`no JSON object in the output:\n${stdout}`);
  return JSON.parse(lines.slice(start, end + 1).join('\n')) as T;
}

interface StatusRow {
  env: string;
  version: string | null;
  tag: string | null;
  commit: string | null;
  deployedAt: string | null;
  deployedBy: string | null;
  approvedBy: string | null;
}
interface HistoryRecord {
  seq: number;
  action: string;
  from: string | null;
  to: string;
  deployedBy: string;
  approvedBy: string | null;
  reason: string | null;
}
interface Status {
  product: string;
  envs: StatusRow[];
  history?: Record<string, HistoryRecord[]>;
}

function releaseStatus(extra: string[] = []): Status {
  return parseNxJson<Status>(nxOk(['release-status', 'checkout', '--json', ...extra]).stdout);
}
const row = (status: Status, env: string) => status.envs.find((r) => r.env === env);

/** checkout 0.1.0 released, in staging, promoted to production (approved by Ana). */
function releaseAndPromoteFirst(): void {
  nxOk(['release-product', 'checkout']);
  nxOk(['deploy', 'checkout', '--env=staging']);
  nxOk(['promote', 'checkout', '--to=production', ...approvedByAna]);
}

/** A fix in ui, released as checkout 0.1.1. */
function releaseFix(): void {
  shop.commit(uiIndex, `${shop.read(uiIndex)}\n// rounding fixed\n`, 'fix(ui): round prices to cents');
  expect(nxOk(['release-product', 'checkout']).stdout).toContain('Released checkout@0.1.1');
}

describe('environments', () => {
  it('deploys the newest release to staging; release-status --json shows 0.1.0 with its tag, commit and who', async () => {
    shop = await createShop();
    nxOk(['release-product', 'checkout']);
    const tagged = shop.git(['rev-parse', 'checkout@0.1.0^{commit}']);

    const run = nxOk(['deploy', 'checkout', '--env=staging']);

    expect(run.stdout).toContain('Deployed checkout in staging: nothing → 0.1.0');
    const status = releaseStatus();
    expect(status.product).toBe('checkout');
    expect(row(status, 'staging')).toMatchObject({ version: '0.1.0', tag: 'checkout@0.1.0', commit: tagged, deployedBy: 'Test Lead', approvedBy: null });
    expect(row(status, 'production')).toMatchObject({ version: null, deployedBy: null });
    const pointer = JSON.parse((await shop.store.get('checkout/envs/staging.json'))!.body.toString('utf8'));
    expect(pointer).toMatchObject({ product: 'checkout', env: 'staging', version: '0.1.0', previousVersion: null, seq: 1, action: 'deploy', deployedBy: 'Test Lead' });
  });

  it('promotes what staging runs to production with --approve --approved-by, recording the approver', async () => {
    shop = await createShop();
    nxOk(['release-product', 'checkout']);
    nxOk(['deploy', 'checkout', '--env=staging']);

    const run = nxOk(['promote', 'checkout', '--to=production', ...approvedByAna]);

    expect(run.stdout).toContain('Promoted (from staging) checkout in production: nothing → 0.1.0');
    expect(run.stdout).toContain('approved by Ana');
    expect(row(releaseStatus(), 'production')).toMatchObject({ version: '0.1.0', tag: 'checkout@0.1.0', deployedBy: 'Test Lead', approvedBy: 'Ana' });
    expect(await shop.store.list('checkout/envs/production/history/')).toEqual(['checkout/envs/production/history/000001.json']);
  });

  it('rolls production back to 0.1.0 after 0.1.1 was promoted; history lists deploy, promote and rollback with who, approver and reason', async () => {
    shop = await createShop();
    releaseAndPromoteFirst();
    releaseFix();
    nxOk(['deploy', 'checkout', '--env=staging']);
    nxOk(['promote', 'checkout', '--to=production', ...approvedByAna]);
    expect(row(releaseStatus(), 'production')?.version).toBe('0.1.1');

    const run = nxOk(['rollback', 'checkout', '--env=production', '--reason=checkout totals wrong', '--approve', '--approved-by=Bo']);

    expect(run.stdout).toContain('Rolled back checkout in production: 0.1.1 → 0.1.0');
    const status = releaseStatus(['--history']);
    expect(row(status, 'production')).toMatchObject({ version: '0.1.0', tag: 'checkout@0.1.0', approvedBy: 'Bo' });
    expect(row(status, 'staging')?.version).toBe('0.1.1');
    const pick = ({ seq, action, from, to, deployedBy, approvedBy, reason }: HistoryRecord) => ({ seq, action, from, to, deployedBy, approvedBy, reason });
    expect(status.history?.production.map(pick)).toEqual([
      { seq: 3, action: 'rollback', from: '0.1.1', to: '0.1.0', deployedBy: 'Test Lead', approvedBy: 'Bo', reason: 'checkout totals wrong' },
      { seq: 2, action: 'promote', from: '0.1.0', to: '0.1.1', deployedBy: 'Test Lead', approvedBy: 'Ana', reason: null },
      { seq: 1, action: 'promote', from: null, to: '0.1.0', deployedBy: 'Test Lead', approvedBy: 'Ana', reason: null },
    ]);
    expect(status.history?.staging.map(pick)).toEqual([
      { seq: 2, action: 'deploy', from: '0.1.0', to: '0.1.1', deployedBy: 'Test Lead', approvedBy: null, reason: null },
      { seq: 1, action: 'deploy', from: null, to: '0.1.0', deployedBy: 'Test Lead', approvedBy: null, reason: null },
    ]);
  });

  it('uploads nothing on deploy, promote or rollback: the objects under releases/ stay exactly as released', async () => {
    shop = await createShop();
    nxOk(['release-product', 'checkout']);
    releaseFix();
    const released = await releaseObjects();
    expect(released.length).toBeGreaterThan(4);

    nxOk(['deploy', 'checkout', '--env=staging', '--release=0.1.0']);
    nxOk(['promote', 'checkout', '--to=production', ...approvedByAna]);
    nxOk(['deploy', 'checkout', '--env=staging']);
    nxOk(['promote', 'checkout', '--to=production', ...approvedByAna]);
    nxOk(['rollback', 'checkout', '--env=production', '--reason=bad totals', ...approvedByAna]);

    expect(await releaseObjects()).toEqual(released);
    expect(row(releaseStatus(), 'production')?.version).toBe('0.1.0');
  });

  it('prints the status table and, with --history, every deployment of each env newest first', async () => {
    shop = await createShop();
    releaseAndPromoteFirst();
    releaseFix();
    nxOk(['deploy', 'checkout', '--env=staging']);

    const run = nxOk(['release-status', 'checkout', '--history']);

    const out = run.stdout;
    expect(out).toMatch(/^checkout$/m);
    expect(out).toMatch(/ENV\s+VERSION\s+TAG\s+COMMIT\s+DEPLOYED\s+BY\s+APPROVED BY/);
    expect(out).toMatch(/staging\s+0\.1\.1\s+checkout@0\.1\.1\s+[0-9a-f]{7}\s+\S+ \S+Z\s+Test Lead\s+—/);
    expect(out).toMatch(/production\s+0\.1\.0\s+checkout@0\.1\.0\s+[0-9a-f]{7}\s+\S+ \S+Z\s+Test Lead\s+Ana/);
    expect(out).toContain('history of staging (newest first)');
    expect(out).toContain('history of production (newest first)');
    const staging = section(out, 'history of staging', 'history of production');
    expect(staging).toMatch(/2\s+deploy\s+0\.1\.0 → 0\.1\.1[\s\S]*1\s+deploy\s+— → 0\.1\.0/);
    expect(section(out, 'history of production', '\n\n\n')).toMatch(/1\s+promote\s+— → 0\.1\.0\s+\S+ \S+Z\s+Test Lead\s+Ana/);
  });

  it('prints a status table for every product with nx run-many -t release-status', async () => {
    shop = await createShop();
    nxOk(['release-product', 'checkout']);
    nxOk(['deploy', 'checkout', '--env=staging']);

    const run = nxOk(['run-many', '-t', 'release-status']);

    expect(statusTable(run.stdout, 'checkout')).toMatch(/ENV\s+VERSION[\s\S]*staging\s+0\.1\.0\s+checkout@0\.1\.0[\s\S]*production\s+—/);
    expect(statusTable(run.stdout, 'storefront')).toMatch(/ENV\s+VERSION[\s\S]*staging\s+—\s+—[\s\S]*production\s+—\s+—/);
  });
});

/** Every object under checkout/releases/ with its etag (a re-upload of other bytes changes it). */
async function releaseObjects(): Promise<string[]> {
  const keys = await shop.store.list('checkout/releases/');
  return Promise.all(keys.map(async (key) => `${key} ${(await shop.store.head(key))?.etag}`));
}

/** The table release-status printed for a product: its name alone on a line, then indented lines. */
function statusTable(text: string, product: string): string {
  const table = new RegExp(`^${product}\\n((?: {2}.*\\n?)+)`, 'm').exec(text)?.[1];
  if (!table) throw new Error(`no status table of ${product} in:\n${text}`);
  return table;
}

/** The text from `start` up to the next `end` (or the end). */
function section(text: string, start: string, end: string): string {
  const from = text.indexOf(start);
  if (from < 0) throw new Error(`"${start}" is not in:\n${text}`);
  const to = text.indexOf(end, from + start.length);
  return text.slice(from, to < 0 ? undefined : to);
}
