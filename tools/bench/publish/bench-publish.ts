// publish.s3.*: publishing a release into S3 (s3rver on loopback), 5,000 files, ~100 MB.
//   ratio_to_raw  our publish's throughput / a bare concurrent PutObject loop's, same files, same
//                 concurrency, same client settings; both against s3rver DIRECTLY (not through the
//                 test proxy, whose extra hop would slow both and blur the comparison).
//   resume_ratio  publishing again onto the complete release / the first publish. The first
//                 publish leaves its record (publish-record.ts): the resume reads it (a few GETs)
//                 instead of listing the 5,000 keys. release-product also hands the publish the
//                 folder listing that its checks made before the claim; that listing is not in
//                 this figure (the log line times it for comparison).
//   faults_ok     files whose bytes match their sha256 after a publish through the proxy answering
//                 5% of requests with 503/500 (one publish; a count, not a timing).
// Timings are medians of `runs` runs, ours and raw alternating in order, each on a fresh prefix.
import { createHash } from 'node:crypto';
import { readFile, rm } from 'node:fs/promises';
import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { readBuildOutput } from '../../../packages/core/src/release/read-build-output';
import { publishReleaseFiles, type LocalFile, type PublishResult } from '../../../packages/core/src/release/publish-release-files';
import { silentReporter } from '../../../packages/core/src/release/ports';
import { S3Store } from '../../../packages/core/src/store/s3-store';
import { startS3, type S3TestServer } from '../../s3/start-s3';
import { printFigure, type Benchmark } from '../benchmark';
import { median } from '../measure';
import { generateReleaseFiles } from './generate-release-files';

const runs = 5;
const bucket = 'bench';
const releasePath = 'shop/releases/1.0.0/';
/** The S3 store's default pool; the raw loop uses the same. */
const concurrency = 16;

export const publishBenchmark: Benchmark = {
  idPrefix: 'publish.',
  async run(wants) {
    const started = performance.now();
    const generated = generateReleaseFiles();
    const files = await readBuildOutput(generated.dir, 'bench', 'shop');
    log(`publish: generated ${generated.count} files, ${mib(generated.bytes)} at ${generated.dir} in ${seconds(performance.now() - started)}`);
    const server = await startS3();
    const savedEnv = { ...process.env };
    try {
      await server.createBucket(bucket);
      Object.assign(process.env, {
        AWS_ACCESS_KEY_ID: server.credentials.accessKeyId,
        AWS_SECRET_ACCESS_KEY: server.credentials.secretAccessKey,
        AWS_REGION: server.region,
        AWS_EC2_METADATA_DISABLED: 'true',
        // The SDK's Node 22 notice (see s3-client.ts) would land in the middle of the figures.
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      });
      if (wants('publish.s3.ratio_to_raw') || wants('publish.s3.resume_ratio')) await benchThroughputAndResume(server, files, wants);
      if (wants('publish.s3.faults_ok')) await benchFaults(server, files);
    } finally {
      process.env = savedEnv;
      await server.stop();
      if (process.env.TAGDEPLOY_BENCH_KEEP) log(`publish: kept ${generated.dir}`);
      else await rm(generated.dir, { recursive: true, force: true });
    }
  },
};

async function benchThroughputAndResume(server: S3TestServer, files: LocalFile[], wants: (id: string) => boolean): Promise<void> {
  const raw = rawClient(server.directEndpoint);
  const stores: S3Store[] = [];
  const storeAt = (name: string, endpoint: string): S3Store => {
    const store = new S3Store({ url: `s3://${bucket}/${name}`, endpoint, concurrency });
    stores.push(store);
    return store;
  };
  try {
    // Warm-up: s3rver's first writes, both clients' sockets and code paths.
    const warm = files.filter((file) => file.size < 1024 * 1024).slice(0, 300);
    await rawPutLoop(raw, 'warm-raw/', warm);
    await publishReleaseFiles({ store: storeAt('warm-ours', server.directEndpoint), prefix: releasePath, files: warm, reporter: silentReporter });

    const ours: number[] = [];
    const bare: number[] = [];
    const resumed: number[] = [];
    const listings: number[] = [];
    for (let run = 0; run < runs; run++) {
      const timeOurs = async () => {
        const store = storeAt(`ours-${run}`, server.directEndpoint);
        const ms = await timed(() => publishReleaseFiles({ store, prefix: releasePath, files, reporter: silentReporter }).then(expectCounts(files.length, 0)));
        ours.push(ms);
        // The resume goes through the proxy: it enforces If-None-Match, so a write it did make would
        // be as safe as on AWS. The record's few GETs are all it should send.
        const again = storeAt(`ours-${run}`, server.endpoint);
        resumed.push(await timed(() => publishReleaseFiles({ store: again, prefix: releasePath, files, reporter: silentReporter }).then(expectCounts(0, files.length))));
        listings.push(await timed(() => again.listObjects(releasePath)));
      };
      const timeRaw = async () => bare.push(await timed(() => rawPutLoop(raw, `raw-${run}/${releasePath}`, files)));
      if (run % 2 === 0) {
        await timeOurs();
        await timeRaw();
      } else {
        await timeRaw();
        await timeOurs();
      }
      log(`publish: run ${run + 1}/${runs}: ours ${seconds(ours[run])}, raw ${seconds(bare[run])}, resume ${seconds(resumed[run])}`);
    }
    const bytes = files.reduce((sum, file) => sum + file.size, 0);
    log(`publish: median of ${runs}: ours ${seconds(median(ours))} (${mib(bytes / (median(ours) / 1000))}/s), raw PutObject loop ${seconds(median(bare))} (${mib(bytes / (median(bare) / 1000))}/s), resume ${seconds(median(resumed))}; one listing of the release folder (what a resume without a record starts with) ${seconds(median(listings))}`);
    // Throughput over the same bytes: ours / raw = raw time / our time.
    if (wants('publish.s3.ratio_to_raw')) printFigure({ id: 'publish.s3.ratio_to_raw', value: median(bare) / median(ours), unit: 'x', target: '>=0.85' });
    if (wants('publish.s3.resume_ratio')) printFigure({ id: 'publish.s3.resume_ratio', value: median(resumed) / median(ours), unit: 'x', target: '<=0.05' });
  } finally {
    stores.forEach((store) => store.destroy());
    raw.destroy();
  }
}

async function benchFaults(server: S3TestServer, files: LocalFile[]): Promise<void> {
  const store = new S3Store({ url: `s3://${bucket}/faults`, endpoint: server.endpoint, concurrency });
  const reader = rawClient(server.directEndpoint);
  try {
    const before = server.stats();
    server.setFaults({ errorRate: 0.05, seed: 42 });
    let result: PublishResult;
    try {
      result = await publishReleaseFiles({ store, prefix: releasePath, files, reporter: silentReporter });
    } finally {
      server.setFaults({});
    }
    const after = server.stats();
    log(`publish: through 5% injected 5xx: ${result.created} created, ${result.existing} found already there; proxy answered ${after.injectedErrors - before.injectedErrors} of ${after.requests - before.requests} requests with 5xx`);
    let matched = 0;
    await inPool(concurrency, files, async (file) => {
      const answer = await reader.send(new GetObjectCommand({ Bucket: bucket, Key: `faults/${releasePath}${file.path}` }));
      const body = await answer.Body?.transformToByteArray();
      if (body && createHash('sha256').update(body).digest('hex') === file.sha256) matched++;
    });
    printFigure({ id: 'publish.s3.faults_ok', value: matched, unit: 'files', target: `=${files.length}` });
  } finally {
    store.destroy();
    reader.destroy();
  }
}

/** The baseline: one PutObject per file, `concurrency` at a time, nothing else. */
async function rawPutLoop(client: S3Client, prefix: string, files: readonly LocalFile[]): Promise<void> {
  await inPool(concurrency, files, async (file) => {
    const body = await readFile(file.absPath);
    await client.send(new PutObjectCommand({ Bucket: bucket, Key: prefix + file.path, Body: body, ContentLength: body.length, ContentType: file.contentType }));
  });
}

/** The client settings our store uses on a custom endpoint (see s3-client.ts). */
function rawClient(endpoint: string): S3Client {
  const maxSockets = concurrency * 4 + 8;
  return new S3Client({
    region: 'us-east-1',
    endpoint,
    forcePathStyle: true,
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    requestHandler: { connectionTimeout: 5_000, socketTimeout: 60_000, httpAgent: { keepAlive: true, maxSockets }, httpsAgent: { keepAlive: true, maxSockets } },
  });
}

function expectCounts(created: number, existing: number): (result: PublishResult) => void {
  return (result) => {
    if (result.created !== created || result.existing !== existing) {
      throw new Error(`expected ${created} created and ${existing} already there, got ${JSON.stringify(result)}`);
    }
  };
}

async function timed(work: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await work();
  return performance.now() - started;
}

async function inPool<T>(size: number, items: readonly T[], run: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) await run(items[next++]);
  };
  await Promise.all(Array.from({ length: size }, worker));
}

const seconds = (ms: number): string => `${(ms / 1000).toFixed(2)}s`;
const mib = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;

function log(message: string): void {
  process.stderr.write(`${message}\n`);
}
