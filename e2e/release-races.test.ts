// Two `nx release-product checkout` at once, from two clones of one remote that share one store
// (two CI runners started for the same commit): both exit 0, one releases, the other says it was
// released by someone else and keeps the remote's tag, and the store holds exactly the sealed
// release. Twice, each clone starting first once. The windows of the race are unit-tested in
// packages/core/src/release/release-races.test.ts.
import { execFile, execFileSync } from 'node:child_process';
import { symlinkSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { FileStore } from '../packages/core/src/store/file-store';
import { nxBin, nxEnv } from '../tools/shop/shop-files';
import { expectCompleteRelease } from './support/assertions';
import { createShop, type RunResult, type Shop } from './support/shop';

let shop: Shop;
afterEach(() => shop?.cleanup());

describe('nx release-product from two clones at once', () => {
  it('one releases, the other is released by someone else (exit 0) with the remote tag, and the store holds only the sealed release', async () => {
    shop = await createShop();
    const base = dirname(shop.dir);
    const storeDir = join(base, 'shared-store');
    const nxJson = JSON.parse(shop.read('nx.json'));
    nxJson.plugins[0].options.store = `file:${storeDir}`;
    shop.commit('nx.json', `${JSON.stringify(nxJson, null, 2)}\n`, 'chore: one store for every clone');
    shop.git(['push', '-q', 'origin', 'main']);
    const clone = join(base, 'clone');
    execFileSync('git', ['clone', '-q', '--branch', 'main', shop.remote, clone]);
    for (const [key, value] of [['user.name', 'Second Runner'], ['user.email', 'runner@example.com'], ['tag.gpgsign', 'false']]) git(clone, ['config', key, value]);
    symlinkSync(join(inject('shopTemplate'), 'node_modules'), join(clone, 'node_modules'), 'dir');
    const shared = { store: new FileStore(storeDir, `file:${storeDir}`), storeFiles: () => new FileStore(storeDir, 'file:shared').list('') };

    for (const [round, version] of ['0.1.0', '0.1.1'].entries()) {
      if (round > 0) {
        shop.commit('apps/checkout/src/round.ts', `export const round = ${round};\n`, 'fix(checkout): totals');
        shop.git(['push', '-q', 'origin', 'main']);
        git(clone, ['pull', '-q', '--ff-only', 'origin', 'main']);
      }
      const dirs = round % 2 ? [clone, shop.dir] : [shop.dir, clone];

      const runs = await Promise.all(dirs.map((dir) => nxIn(dir, ['release-product', 'checkout'])));

      for (const run of runs) expect(run.code, run.output).toBe(0);
      const released = runs.filter((run) => run.stdout.includes(`Released checkout@${version}:`));
      const lost = runs.filter((run) => run.stdout.includes('Released by someone else'));
      expect([released.length, lost.length], runs.map((run) => run.output).join('\n---\n')).toEqual([1, 1]);
      expect(lost[0].stdout).toMatch(new RegExp(`another run claimed checkout@${version.replace(/\./g, '\\.')} on origin`));
      expect(lost[0].output).not.toMatch(/OBJECT_CONFLICT|already exists with other bytes/);
      const remoteTag = git(shop.remote, ['rev-parse', `refs/tags/checkout@${version}`]);
      expect([git(shop.dir, ['rev-parse', `refs/tags/checkout@${version}`]), git(clone, ['rev-parse', `refs/tags/checkout@${version}`])]).toEqual([remoteTag, remoteTag]);
      await expectCompleteRelease(shared, 'checkout', version);
    }
  });
});

describe('nx release-product when the remote has this version claimed at HEAD and nothing is sealed', () => {
  it('leaves it to that release (exit 0, its tag taken, nothing published), and the next run finishes it', async () => {
    shop = await createShop();
    shop.git(['tag', 'checkout@0.1.0']);
    shop.git(['push', '-q', 'origin', 'checkout@0.1.0']);
    shop.git(['tag', '-d', 'checkout@0.1.0']);

    const run = shop.nx(['release-product', 'checkout']);

    expect(run.code, run.output).toBe(0);
    expect(run.stdout).toContain('Released by someone else: another run claimed checkout@0.1.0 on origin first and is publishing it; this run published nothing');
    expect(run.stdout).toContain('If that run stopped before sealing, nx release-product checkout finishes it from here.');
    expect(shop.localTags()).toEqual(['checkout@0.1.0']);
    expect(await shop.storeFiles()).toEqual([]);

    const finished = shop.nx(['release-product', 'checkout']);

    expect(finished.code, finished.output).toBe(0);
    expect(finished.stdout).toContain('Resumed and released checkout@0.1.0');
    await expectCompleteRelease(shop, 'checkout', '0.1.0');
  });
});

function git(dir: string, args: string[]): string {
  return execFileSync('git', args, { cwd: dir, encoding: 'utf8', env: { ...process.env, GIT_TERMINAL_PROMPT: '0' } }).trim();
}

/** nx in a folder, without blocking this process, so that two run at once. */
async function nxIn(dir: string, args: string[]): Promise<RunResult> {
  const options = { cwd: dir, env: { ...process.env, ...nxEnv }, encoding: 'utf8' as const, timeout: 180_000 };
  const done = await promisify(execFile)(process.execPath, [nxBin(inject('shopTemplate')), ...args, '--outputStyle=static'], options).then(
    (ok) => ({ ...ok, code: 0 }),
    (failed: { code?: unknown; stdout?: string; stderr?: string }) => ({ stdout: failed.stdout ?? '', stderr: failed.stderr ?? '', code: typeof failed.code === 'number' ? failed.code : null }),
  );
  return { ...done, output: done.stdout + done.stderr };
}
