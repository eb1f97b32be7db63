// The folder store's lock and temp files: a live holder is named in the error with how to clear it;
// a dead one (its pid ended on this host, a reused pid, older than the bound) is taken over without
// a person's help, by exactly one of the writers that find it; stale temp files are removed. Real
// folders, real processes.
import { execFile, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { failure } from '../env/testing/env-builders';
import { acquireFileLock, type LockRecord } from './file-lock';
import { FileStore } from './file-store';
import { hostTag } from './process-liveness';
import { staleTempMs, sweepStaleTemps } from './temp-files';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function aFolder(): string {
  const dir = mkdtempSync(join(tmpdir(), 'tagdeploy-lock-'));
  dirs.push(dir);
  return dir;
}

const sha = (text: string) => createHash('sha256').update(text).digest('hex');
const meta = (text: string) => ({ contentType: 'application/json', sha256: sha(text) });

/** A folder store with a pointer at "0", and where its lock file goes. */
async function aPointer(options: { lockTimeoutMs?: number; staleLockMs?: number } = {}) {
  const root = join(aFolder(), 'store');
  const store = new FileStore(root, 'file:.tagdeploy/store', { lockTimeoutMs: 200, ...options });
  const etag = await store.replace('checkout/envs/staging.json', Buffer.from('0'), meta('0'), null);
  const lockFile = join(root, 'checkout/envs/.tagdeploy-lock-staging.json');
  const value = async () => (await store.get('checkout/envs/staging.json'))?.body.toString();
  const swap = (text: string, from = etag) => store.replace('checkout/envs/staging.json', Buffer.from(text), meta(text), from);
  return { root, store, etag, lockFile, value, swap };
}

function aLock(overrides: Partial<LockRecord> = {}): string {
  const record: LockRecord = { tool: 'tagdeploy', token: 'a1b2c3', host: hostname(), pid: process.ppid, user: 'erin', command: 'tagdeploy deploy checkout --env staging', takenAt: '2024-06-01T12:00:00.000Z', ...overrides };
  return `${JSON.stringify(record)}\n`;
}

/** The pid of a process that has ended (so it runs no more on this host). */
async function anEndedPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '']);
  await new Promise((resolve) => child.on('exit', resolve));
  return child.pid!;
}

const age = (path: string, ms: number) => utimesSync(path, new Date(Date.now() - ms), new Date(Date.now() - ms));

describe('a lock a live writer holds', () => {
  it('is refused after the wait, naming the holder (pid, host, user, command, since), the lock file and how to clear it; nothing changes', async () => {
    const pointer = await aPointer();
    writeFileSync(pointer.lockFile, aLock());

    const error = await failure(pointer.swap('1'));

    expect(error.code).toBe('STORE_LOCKED');
    expect(error.message).toContain(
      `file:.tagdeploy/store/checkout/envs/staging.json is being changed by another tagdeploy command: pid ${process.ppid} on host ${hostname()} (user erin, "tagdeploy deploy checkout --env staging") holds its lock since 2024-06-01T12:00:00.000Z (`,
    );
    expect(error.message).toContain(`lock file ${pointer.lockFile}. Wait for that command to finish and run yours again. If it is not running any more, delete that file and retry;`);
    expect(error.message).toContain('takes over by itself a lock whose process has ended on this host, or that is 60 s old.');
    expect(await pointer.value()).toBe('0');
    expect(existsSync(pointer.lockFile)).toBe(true);
  });

  it('from another host, is refused while younger than the bound, and taken over once older', async () => {
    const pointer = await aPointer({ staleLockMs: 5_000 });
    writeFileSync(pointer.lockFile, aLock({ host: 'build-7.example', pid: 4242 }));

    const error = await failure(pointer.swap('1'));
    expect(error.message).toContain('pid 4242 on host build-7.example');
    expect(await pointer.value()).toBe('0');

    age(pointer.lockFile, 6_000);
    await pointer.swap('1');
    expect(await pointer.value()).toBe('1');
    expect(existsSync(pointer.lockFile)).toBe(false);
  });

  it('without a record (an empty lock file) says it cannot tell who holds it', async () => {
    const pointer = await aPointer();
    writeFileSync(pointer.lockFile, '');

    const error = await failure(pointer.swap('1'));

    expect(error.message).toContain('another tagdeploy command: an unknown process (the lock file does not say which) holds its lock for ');
  });
});

describe('a dead lock is taken over without a person', () => {
  it.each([
    ['its pid has ended on this host', async () => aLock({ pid: await anEndedPid() })],
    ['an older version\'s "<pid>" lock whose pid has ended', async () => `${await anEndedPid()}\n`],
    ['it names this very process, which does not hold it (a reused pid)', async () => aLock({ pid: process.pid })],
    ['it is unreadable and older than the bound', async () => 'half a lo'],
  ])('when %s', async (name, lock) => {
    const pointer = await aPointer();
    writeFileSync(pointer.lockFile, await lock());
    if (name.includes('older')) age(pointer.lockFile, 120_000);

    await pointer.swap('1');

    expect(await pointer.value()).toBe('1');
    expect(existsSync(pointer.lockFile)).toBe(false);
    expect(readdirSync(join(pointer.root, 'checkout/envs')).filter((n) => n.startsWith('.tagdeploy-'))).toEqual([]);
  });

  it('when a taker was killed in the middle of taking it over (its claim left too)', async () => {
    const pointer = await aPointer();
    writeFileSync(pointer.lockFile, aLock({ pid: await anEndedPid() }));
    writeFileSync(`${pointer.lockFile}.takeover`, aLock({ pid: await anEndedPid(), token: 'd4e5f6' }));

    await pointer.swap('1');

    expect(await pointer.value()).toBe('1');
    expect(readdirSync(join(pointer.root, 'checkout/envs')).filter((n) => n.startsWith('.tagdeploy-'))).toEqual([]);
  });

  it('by exactly one of eight writers that find it at once: one swap wins, the others lose the compare-and-swap', async () => {
    const pointer = await aPointer({ lockTimeoutMs: 5_000 });
    writeFileSync(pointer.lockFile, aLock({ pid: await anEndedPid() }));

    const results = await Promise.allSettled(Array.from({ length: 8 }, (_, i) => pointer.swap(`writer ${i}`)));

    const won = results.flatMap((result, i) => (result.status === 'fulfilled' ? [i] : []));
    expect(won).toHaveLength(1);
    expect(results.filter((r) => r.status === 'rejected').map((r) => (r as PromiseRejectedResult).reason.code)).toEqual(Array(7).fill('PRECONDITION_FAILED'));
    expect(await pointer.value()).toBe(`writer ${won[0]}`);
    expect(existsSync(pointer.lockFile)).toBe(false);
  });

  it('by exactly one of four processes that find it at once, three rounds in a row', async () => {
    const pointer = await aPointer();
    const script = `
      const { createHash } = require('node:crypto');
      const { FileStore } = require(${JSON.stringify(join(__dirname, 'file-store.ts'))});
      const [root, from, text] = process.argv.slice(1);
      const store = new FileStore(root, 'file:x', { lockTimeoutMs: 10000 });
      store.replace('checkout/envs/staging.json', Buffer.from(text), { contentType: 'text/plain', sha256: createHash('sha256').update(text).digest('hex') }, from)
        .then(() => console.log('won'), (e) => console.log(e.code));`;
    let from = pointer.etag;
    for (let round = 0; round < 3; round++) {
      writeFileSync(pointer.lockFile, aLock({ pid: await anEndedPid() }));
      const run = (i: number) => promisify(execFile)(process.execPath, ['-r', 'tsx/cjs', '-e', script, pointer.root, from, `round ${round} writer ${i}`]);

      const outputs = (await Promise.all([0, 1, 2, 3].map(run))).map((output) => output.stdout.trim());

      expect(outputs.filter((out) => out === 'won')).toHaveLength(1);
      expect(outputs.filter((out) => out !== 'won')).toEqual(['PRECONDITION_FAILED', 'PRECONDITION_FAILED', 'PRECONDITION_FAILED']);
      expect(await pointer.value()).toBe(`round ${round} writer ${outputs.indexOf('won')}`);
      from = (await pointer.store.head('checkout/envs/staging.json'))!.etag;
    }
    expect(existsSync(pointer.lockFile)).toBe(false);
  });
});

describe('acquireFileLock', () => {
  const options = (staleAfterMs = 60_000) => ({ what: 'the pointer', timeoutMs: 5_000, staleAfterMs, ioFailed: (_: string, error: unknown) => error as never });

  it('keeps holders one at a time when many in one process race for a dead lock', async () => {
    const path = join(aFolder(), '.tagdeploy-lock-x');
    writeFileSync(path, aLock({ pid: await anEndedPid() }));
    let inside = 0;
    let most = 0;

    await Promise.all(
      Array.from({ length: 8 }, async () => {
        const lock = await acquireFileLock(path, options());
        inside++;
        most = Math.max(most, inside);
        await new Promise((resolve) => setTimeout(resolve, 5));
        await lock.verify();
        inside--;
        await lock.release();
      }),
    );

    expect(most).toBe(1);
    expect(existsSync(path)).toBe(false);
  });

  it('tells a holder slower than the bound that its lock was taken over, and its release leaves the new lock alone', async () => {
    const path = join(aFolder(), '.tagdeploy-lock-x');
    const slow = await acquireFileLock(path, options(50));
    age(path, 1_000);
    const next = await acquireFileLock(path, options(50));

    const error = await failure(slow.verify());
    await slow.release();

    expect(error.code).toBe('STORE_LOCKED');
    expect(error.message).toMatch(new RegExp(`^the pointer was taken over by pid ${process.pid} on host .+ while this command held its lock \\(lock file .+\\): it took longer than 50 ms\\. Nothing was written\\. Run the command again\\.$`));
    expect(existsSync(path)).toBe(true);
    await next.verify();
    await next.release();
    expect(existsSync(path)).toBe(false);
  });
});

describe('stale temp files', () => {
  const tag = hostTag(hostname());

  it('are removed when their writer has ended on this host or they are older than the bound; the others stay', async () => {
    const dir = aFolder();
    const ended = await anEndedPid();
    const names = {
      ended: `.tagdeploy-tmp-${ended}-${tag}-00aa`,
      live: `.tagdeploy-tmp-${process.ppid}-${tag}-00bb`,
      ours: `.tagdeploy-tmp-${process.pid}-${tag}-00cc`,
      otherHost: `.tagdeploy-tmp-${ended}-0badc0de-00dd`,
      olderVersion: '.tagdeploy-tmp-0123456789abcdef',
      olderVersionOld: '.tagdeploy-tmp-fedcba9876543210',
      liveButOld: `.tagdeploy-tmp-${process.ppid}-${tag}-00ee`,
      object: 'staging.json',
    };
    for (const name of Object.values(names)) writeFileSync(join(dir, name), 'x');
    age(join(dir, names.olderVersionOld), staleTempMs + 60_000);
    age(join(dir, names.liveButOld), staleTempMs + 60_000);

    const removed = await sweepStaleTemps(dir);

    expect(removed.map((path) => path.slice(dir.length + 1)).sort()).toEqual([names.ended, names.liveButOld, names.olderVersionOld].sort());
    expect(readdirSync(dir).sort()).toEqual([names.live, names.ours, names.otherHost, names.olderVersion, names.object].sort());
  });

  it('that a killed writer left beside a pointer and its metadata are removed by the next write there', async () => {
    const pointer = await aPointer();
    const ended = await anEndedPid();
    const metaDir = join(pointer.root, '.meta/checkout/envs');
    mkdirSync(metaDir, { recursive: true });
    for (const dir of [join(pointer.root, 'checkout/envs'), metaDir]) writeFileSync(join(dir, `.tagdeploy-tmp-${ended}-${tag}-0001`), 'partial');
    const fresh = new FileStore(pointer.root, 'file:.tagdeploy/store');

    await fresh.replace('checkout/envs/staging.json', Buffer.from('1'), meta('1'), pointer.etag);

    for (const dir of [join(pointer.root, 'checkout/envs'), metaDir]) expect(readdirSync(dir).filter((n) => n.startsWith('.tagdeploy-'))).toEqual([]);
  });
});
