// A fresh temp copy of examples/shop with its own git history and bare remote, sharing the
// installed node_modules of the template made in global-setup. Every test builds its own.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ObjectStore } from '../../packages/core/src/store/object-store';
import { resolveStore } from '../../packages/core/src/store/resolve-store';
import { S3Store } from '../../packages/core/src/store/s3-store';
import { inject } from 'vitest';
import { copyShopSources, initShopRepo, nxBin as resolveNxBin, nxEnv } from '../../tools/shop/shop-files';
import { shopRepo, type ShopRepo } from './shop-repo';

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
  /** stdout and stderr together, for messages whose stream does not matter. */
  output: string;
}

/** Its store is the shop's file store, or a fresh S3 bucket in the e2e-s3 suite. */
export interface Shop extends ShopRepo {
  storeKind: 'file' | 's3';
  nx(args: string[], env?: Record<string, string>): RunResult;
}

let buckets = 0;

export async function createShop(): Promise<Shop> {
  const template = inject('shopTemplate');
  const s3 = inject('s3');
  const base = mkdtempSync(join(tmpdir(), 'tagdeploy-e2e-'));
  const dir = join(base, 'shop');
  const remote = join(base, 'remote.git');
  copyShopSources(dir);
  symlinkSync(join(template, 'node_modules'), join(dir, 'node_modules'), 'dir');

  // npm products (the shop's sdk) talk to the run's test registry, never to a public one.
  const storeEnv = { ...(s3?.env ?? {}), ...(inject('npmRegistry')?.env ?? {}) };
  const store = s3 ? await useFreshBucket(dir, s3) : resolveStore('file:.tagdeploy/store', dir);
  initShopRepo(dir, remote);
  const nxBin = resolveNxBin(template);
  const shop: Shop = {
    ...shopRepo(dir, remote, store, base),
    storeKind: s3 ? 's3' : 'file',
    nx(args, env = {}) {
      const result = spawnSync(process.execPath, [nxBin, ...args, '--outputStyle=static'], {
        cwd: dir,
        encoding: 'utf8',
        env: { ...process.env, ...nxEnv, ...storeEnv, ...env },
        timeout: 180_000,
      });
      return { code: result.status, stdout: result.stdout, stderr: result.stderr, output: result.stdout + result.stderr };
    },
  };
  return shop;
}

/** Points the shop's nx.json at a new bucket of the test S3 server (committed with the shop). */
async function useFreshBucket(dir: string, s3: { env: Record<string, string> }): Promise<ObjectStore> {
  const bucket = `shop-${process.pid}-${++buckets}`;
  const url = `s3://${bucket}/releases`;
  const nxJsonPath = join(dir, 'nx.json');
  const nxJson = JSON.parse(readFileSync(nxJsonPath, 'utf8'));
  nxJson.plugins[0].options.store = url;
  writeFileSync(nxJsonPath, `${JSON.stringify(nxJson, null, 2)}\n`);
  // The SDK's default credential chain reads this process's environment, as it will in nx.
  Object.assign(process.env, s3.env);
  const store = new S3Store({ url });
  await createBucket(s3.env.AWS_ENDPOINT_URL_S3, bucket);
  return store;
}

async function createBucket(endpoint: string, bucket: string): Promise<void> {
  // A pooled keep-alive socket may have been closed by the server in between: retry on a fresh one.
  for (let attempt = 1; ; attempt++) {
    try {
      const response = await fetch(`${endpoint}/${bucket}`, { method: 'PUT' });
      if (!response.ok) throw new Error(`creating bucket ${bucket} at ${endpoint} failed: ${response.status} ${await response.text()}`);
      return;
    } catch (error) {
      const socketClosed = (error as { cause?: { code?: string } }).cause?.code === 'UND_ERR_SOCKET';
      if (!socketClosed || attempt === 3) throw error;
    }
  }
}

export const sha256 = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');
