// Exit codes tell the truth, and no secret is printed, through both hosts: the Nx plugin in a copy
// of examples/shop and the tagdeploy CLI in a copy of examples/turbo-shop. A server that cannot
// listen, an output file that cannot be written, an env that is not declared and a URL with
// credentials that cannot be reached each end in one error line, a non-zero exit, nothing changed
// and (for the URLs) no credential anywhere in the output.
import { mkdirSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { errorLine, openHostShop, shopState, type Flags, type HostShop, type Verb } from '../support/both-hosts';

const secret = 'wJalrXUtnFEMIsecret';

interface Scenario {
  name: string;
  /** Returns the flags of the run (they may depend on what the setup made). */
  setup?: (w: HostShop) => Promise<Flags> | Flags;
  verb: Verb;
  product?: string;
  flags?: Flags;
  code: string;
  says: Record<'nx' | 'cli', (flags: Flags) => string[]>;
  /** Text that must appear nowhere in the output. */
  never?: string[];
  env?: Record<string, string>;
}

/** Credentials for the SDK's default chain (never the machine's), so that the endpoint itself is tried. */
const someAwsCredentials = { AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test', AWS_REGION: 'us-east-1', AWS_CONFIG_FILE: '/nonexistent', AWS_SHARED_CREDENTIALS_FILE: '/nonexistent', AWS_EC2_METADATA_DISABLED: 'true' };

let busy: Server | undefined;
async function aBusyPort(): Promise<number> {
  const server = (busy = createServer());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as { port: number }).port;
}

/** A loopback port nobody listens on. */
async function aClosedPort(): Promise<number> {
  const port = await aBusyPort();
  await new Promise<void>((resolve) => busy?.close(() => resolve()));
  busy = undefined;
  return port;
}

const scenarios: Scenario[] = [
  {
    name: 'serving on a port that is in use',
    setup: async () => ({ env: 'production', port: String(await aBusyPort()) }),
    verb: 'serve',
    code: 'PORT_UNAVAILABLE',
    says: {
      nx: (flags) => [`Cannot serve checkout production: 127.0.0.1:${flags.port} is already in use`, 'nx serve-release checkout --env=production --port=0'],
      cli: (flags) => [`Cannot serve checkout production: 127.0.0.1:${flags.port} is already in use`, 'tagdeploy serve checkout --env production --port 0'],
    },
  },
  {
    name: 'serving on an address of another machine',
    flags: { env: 'production', port: '0', host: '192.0.2.1' },
    verb: 'serve',
    code: 'PORT_UNAVAILABLE',
    says: {
      nx: () => ['192.0.2.1 is not an address of this machine', 'nx serve-release checkout --env=production --host=127.0.0.1'],
      cli: () => ['192.0.2.1 is not an address of this machine', 'tagdeploy serve checkout --env production --host 127.0.0.1'],
    },
  },
  {
    name: 'serving an env name that climbs out of the store',
    flags: { env: '../production', port: '0' },
    verb: 'serve',
    code: 'UNKNOWN_ENV',
    says: { nx: () => ['Cannot serve "../production" for checkout', 'serve one of: staging, production'], cli: () => ['Cannot serve "../production" for checkout', 'serve one of: staging, production'] },
  },
  {
    name: 'an output file in a folder that does not exist',
    verb: 'release',
    setup: (w) => ({ [w.outputFlag]: 'no-such-folder/release.json' }),
    code: 'OUTPUT_FILE_UNWRITABLE',
    says: {
      nx: () => ['Cannot write --outputFile no-such-folder/release.json: its folder no-such-folder does not exist. Nothing was done'],
      cli: () => ['Cannot write --output-file no-such-folder/release.json: its folder no-such-folder does not exist. Nothing was done'],
    },
  },
  {
    name: 'an output file that is a folder',
    verb: 'release',
    setup: (w) => {
      mkdirSync(join(w.shop.dir, 'out.json'));
      return { [w.outputFlag]: 'out.json' };
    },
    code: 'OUTPUT_FILE_UNWRITABLE',
    says: { nx: () => ['Cannot write --outputFile out.json: it is a folder. Nothing was done'], cli: () => ['Cannot write --output-file out.json: it is a folder. Nothing was done'] },
  },
  {
    name: 'a store endpoint with credentials that cannot be reached',
    setup: async (w) => {
      const port = await aClosedPort();
      w.editSettings((settings) => Object.assign(settings, { store: { url: 's3://releases/shop', endpoint: `http://AKIAEXAMPLE:${secret}@127.0.0.1:${port}` } }));
      return {};
    },
    verb: 'status',
    env: someAwsCredentials,
    code: 'STORE_UNAVAILABLE',
    says: { nx: () => ['http://***@127.0.0.1:'], cli: () => ['http://***@127.0.0.1:'] },
    never: [secret, 'AKIAEXAMPLE'],
  },
  {
    name: 'a GitOps repo URL with credentials that cannot be reached',
    setup: async (w) => {
      const port = await aClosedPort();
      w.editSettings((settings) => Object.assign(settings, { gitops: { repo: `https://deploy-bot:${secret}@127.0.0.1:${port}/team/gitops.git` } }));
      return {};
    },
    verb: 'status',
    product: 'payments-api',
    code: 'GITOPS_UNAVAILABLE',
    says: { nx: () => ['https://***@127.0.0.1:'], cli: () => ['https://***@127.0.0.1:'] },
    never: [secret, 'deploy-bot'],
  },
];

let current: HostShop | undefined;
afterEach(async () => {
  current?.shop.cleanup();
  current = undefined;
  await new Promise<void>((resolve) => (busy ? busy.close(() => resolve()) : resolve()));
  busy = undefined;
});

describe.each(['nx', 'cli'] as const)('exit codes and secrets through the %s host', (host) => {
  it.each(scenarios)('$name: one error line, a non-zero exit, nothing changed', async (scenario) => {
    const w = (current = await openHostShop[host]());
    const flags = { ...scenario.flags, ...(await scenario.setup?.(w)) };
    const before = await shopState(w.shop);

    const run = w.run(scenario.verb, scenario.product ?? 'checkout', flags, scenario.env);

    expect(run.code, run.output).not.toBe(0);
    const message = errorLine(run, scenario.code);
    expect(message, `no ${scenario.code} error in:\n${run.output}`).toBeDefined();
    for (const mention of scenario.says[host](flags)) expect(message).toContain(mention);
    for (const text of scenario.never ?? []) expect(run.output).not.toContain(text);
    expect(run.output).not.toContain('tagdeploy crashed');
    expect(await shopState(w.shop)).toEqual(before);
  });
});
