// A LOCAL HTTP STAND-IN for the few CloudFront and CloudFront KeyValueStore API calls the routers
// make (CloudFront cannot run on one machine). It keeps ETag/IfMatch semantics, can
// simulate another writer racing us, and can leave invalidations in progress for ever. It does
// not check signatures. Serves both APIs on one 127.0.0.1 port: point both SDK clients at `url`.
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface StandInKvs {
  arn: string;
  etag: string;
  values: Map<string, string>;
}

export interface StandInDistribution {
  id: string;
  etag: string;
  /** The DistributionConfig XML as the last UpdateDistribution sent it. */
  configXml: string;
}

export interface CloudFrontStandIn {
  url: string;
  /** Every API call received, by operation name, in order. */
  calls: string[];
  /** The signing algorithm of each call (from its Authorization header), in order. */
  signedWith: string[];
  kvs: StandInKvs;
  distribution: StandInDistribution;
  invalidations: Array<{ id: string; paths: string[]; status: 'InProgress' | 'Completed' }>;
  /** The next `times` writes (PutKey / UpdateDistribution) find that someone else wrote first. */
  raceNextWrites(times: number): void;
  /** When false, invalidations stay InProgress for ever. */
  invalidationsComplete: boolean;
  /** The OriginPath of an origin in the stored distribution config. */
  originPath(originId: string): string | undefined;
  close(): Promise<void>;
}

const newEtag = (): string => randomBytes(6).toString('hex').toUpperCase();

/** A distribution config with the given S3 origins, as GetDistributionConfig returns it. */
export function aDistributionConfigXml(origins: Array<{ id: string; originPath: string }>): string {
  const items = origins
    .map(({ id, originPath }) => `<Origin><Id>${id}</Id><DomainName>${id}.s3.us-east-1.amazonaws.com</DomainName><OriginPath>${originPath}</OriginPath><CustomHeaders><Quantity>0</Quantity></CustomHeaders><S3OriginConfig><OriginAccessIdentity></OriginAccessIdentity></S3OriginConfig><ConnectionAttempts>3</ConnectionAttempts><ConnectionTimeout>10</ConnectionTimeout></Origin>`)
    .join('');
  return `<DistributionConfig xmlns="http://cloudfront.amazonaws.com/doc/2020-05-31/"><CallerReference>stand-in</CallerReference><Aliases><Quantity>0</Quantity></Aliases><DefaultRootObject>index.html</DefaultRootObject><Origins><Quantity>${origins.length}</Quantity><Items>${items}</Items></Origins><DefaultCacheBehavior><TargetOriginId>${origins[0].id}</TargetOriginId><ViewerProtocolPolicy>redirect-to-https</ViewerProtocolPolicy><CachePolicyId>658327ea-f89d-4fab-a63d-7e88639e58f6</CachePolicyId></DefaultCacheBehavior><Comment>stand-in</Comment><Enabled>true</Enabled></DistributionConfig>`;
}

export async function startCloudFrontStandIn(setup: { kvsArn: string; kvsValues?: Record<string, string>; distributionId: string; distributionConfigXml: string }): Promise<CloudFrontStandIn> {
  let races = 0;
  const standIn: Omit<CloudFrontStandIn, 'url' | 'close'> = {
    calls: [],
    signedWith: [],
    kvs: { arn: setup.kvsArn, etag: newEtag(), values: new Map(Object.entries(setup.kvsValues ?? {})) },
    distribution: { id: setup.distributionId, etag: newEtag(), configXml: setup.distributionConfigXml },
    invalidations: [],
    invalidationsComplete: true,
    raceNextWrites: (times) => {
      races = times;
    },
    originPath: (originId) => {
      const origin = standIn.distribution.configXml.split('<Origin>').find((chunk) => chunk.startsWith(`<Id>${originId}</Id>`));
      return origin === undefined ? undefined : (/<OriginPath>([^<]*)<\/OriginPath>/.exec(origin)?.[1] ?? '');
    },
  };
  /** Another writer gets in first: the resource's ETag moves under the caller. */
  const race = (bump: () => void): void => {
    if (races > 0) {
      races -= 1;
      bump();
    }
  };

  const routes: Array<[string, RegExp, (m: string[], req: IncomingMessage, body: string) => Reply]> = [
    ['DescribeKeyValueStore', /^GET \/key-value-stores\/([^/]+)$/, ([arn]) => {
      if (arn !== standIn.kvs.arn) return kvsError(404, 'ResourceNotFoundException', `No key value store ${arn}`);
      return json(200, { ItemCount: standIn.kvs.values.size, TotalSizeInBytes: 0, KvsARN: arn, Created: 1700000000, Status: 'READY' }, { ETag: standIn.kvs.etag });
    }],
    ['GetKey', /^GET \/key-value-stores\/([^/]+)\/keys\/([^/]+)$/, ([arn, key]) => {
      const value = arn === standIn.kvs.arn ? standIn.kvs.values.get(key) : undefined;
      if (value === undefined) return kvsError(404, 'ResourceNotFoundException', `No key ${key}`);
      return json(200, { Key: key, Value: value, ItemCount: standIn.kvs.values.size, TotalSizeInBytes: 0 });
    }],
    ['PutKey', /^PUT \/key-value-stores\/([^/]+)\/keys\/([^/]+)$/, ([arn, key], req, body) => {
      if (arn !== standIn.kvs.arn) return kvsError(404, 'ResourceNotFoundException', `No key value store ${arn}`);
      race(() => {
        standIn.kvs.values.set('someone-else/staging', 'someone-else/releases/9.9.9');
        standIn.kvs.etag = newEtag();
      });
      if (req.headers['if-match'] !== standIn.kvs.etag) return kvsError(409, 'ConflictException', 'Pre-condition failed: the ETag does not match');
      standIn.kvs.values.set(key, (JSON.parse(body) as { Value: string }).Value);
      standIn.kvs.etag = newEtag();
      return json(200, { ItemCount: standIn.kvs.values.size, TotalSizeInBytes: 0 }, { ETag: standIn.kvs.etag });
    }],
    ['GetDistributionConfig', /^GET \/2020-05-31\/distribution\/([^/]+)\/config$/, ([id]) => {
      if (id !== standIn.distribution.id) return xmlError(404, 'NoSuchDistribution', `No distribution ${id}`);
      return xml(200, standIn.distribution.configXml, { ETag: standIn.distribution.etag });
    }],
    ['UpdateDistribution', /^PUT \/2020-05-31\/distribution\/([^/]+)\/config$/, ([id], req, body) => {
      if (id !== standIn.distribution.id) return xmlError(404, 'NoSuchDistribution', `No distribution ${id}`);
      race(() => {
        standIn.distribution.etag = newEtag();
      });
      if (!req.headers['if-match']) return xmlError(400, 'InvalidIfMatchVersion', 'The If-Match version is missing');
      if (req.headers['if-match'] !== standIn.distribution.etag) return xmlError(412, 'PreconditionFailed', 'The precondition given in one or more of the request header fields evaluated to false.');
      if (!body.includes('<DistributionConfig')) return xmlError(400, 'MalformedInput', 'No DistributionConfig');
      standIn.distribution.configXml = body.slice(body.indexOf('<DistributionConfig'));
      standIn.distribution.etag = newEtag();
      const config = standIn.distribution.configXml.replace(/^<DistributionConfig[^>]*>/, '<DistributionConfig>');
      return xml(200, `<Distribution xmlns="http://cloudfront.amazonaws.com/doc/2020-05-31/"><Id>${id}</Id><ARN>arn:aws:cloudfront::123456789012:distribution/${id}</ARN><Status>InProgress</Status><LastModifiedTime>2024-01-01T00:00:00Z</LastModifiedTime><InProgressInvalidationBatches>0</InProgressInvalidationBatches><DomainName>${id.toLowerCase()}.cloudfront.net</DomainName>${config}</Distribution>`, { ETag: standIn.distribution.etag });
    }],
    ['CreateInvalidation', /^POST \/2020-05-31\/distribution\/([^/]+)\/invalidation$/, ([id], _req, body) => {
      if (id !== standIn.distribution.id) return xmlError(404, 'NoSuchDistribution', `No distribution ${id}`);
      const paths = [...body.matchAll(/<Path>([^<]*)<\/Path>/g)].map((m) => m[1]);
      const invalidation = { id: `I${standIn.invalidations.length + 1}STANDIN`, paths, status: 'InProgress' as const };
      standIn.invalidations.push(invalidation);
      return xml(201, invalidationXml(invalidation), { Location: `/2020-05-31/distribution/${id}/invalidation/${invalidation.id}` });
    }],
    ['GetInvalidation', /^GET \/2020-05-31\/distribution\/([^/]+)\/invalidation\/([^/]+)$/, ([, invalidationId]) => {
      const invalidation = standIn.invalidations.find((i) => i.id === invalidationId);
      if (!invalidation) return xmlError(404, 'NoSuchInvalidation', `No invalidation ${invalidationId}`);
      if (standIn.invalidationsComplete) invalidation.status = 'Completed';
      return xml(200, invalidationXml(invalidation));
    }],
  ];

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const path = (req.url ?? '/').split('?')[0];
      for (const [name, pattern, handle] of routes) {
        const match = pattern.exec(`${req.method} ${path}`);
        if (!match) continue;
        standIn.calls.push(name);
        standIn.signedWith.push(String(req.headers.authorization ?? 'unsigned').split(' ')[0]);
        return send(res, handle(match.slice(1).map(decodeURIComponent), req, Buffer.concat(chunks).toString('utf8')));
      }
      send(res, xmlError(404, 'UnknownOperation', `The stand-in does not implement ${req.method} ${path}`));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(standIn, {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  });
}

interface Reply {
  status: number;
  headers: Record<string, string>;
  body: string;
}

const json = (status: number, body: unknown, headers: Record<string, string> = {}): Reply => ({ status, headers: { 'Content-Type': 'application/json', ...headers }, body: JSON.stringify(body) });
const kvsError = (status: number, type: string, message: string): Reply => json(status, { Message: message }, { 'x-amzn-ErrorType': type });
const xml = (status: number, body: string, headers: Record<string, string> = {}): Reply => ({ status, headers: { 'Content-Type': 'text/xml', ...headers }, body: `<?xml version="1.0" encoding="UTF-8"?>\n${body}` });
const xmlError = (status: number, code: string, message: string): Reply =>
  xml(status, `<ErrorResponse xmlns="http://cloudfront.amazonaws.com/doc/2020-05-31/"><Error><Type>Sender</Type><Code>${code}</Code><Message>${message}</Message></Error><RequestId>stand-in</RequestId></ErrorResponse>`);

function invalidationXml(invalidation: { id: string; paths: string[]; status: string }): string {
  const paths = invalidation.paths.map((p) => `<Path>${p}</Path>`).join('');
  return `<Invalidation xmlns="http://cloudfront.amazonaws.com/doc/2020-05-31/"><Id>${invalidation.id}</Id><Status>${invalidation.status}</Status><CreateTime>2024-01-01T00:00:00Z</CreateTime><InvalidationBatch><Paths><Quantity>${invalidation.paths.length}</Quantity><Items>${paths}</Items></Paths><CallerReference>stand-in</CallerReference></InvalidationBatch></Invalidation>`;
}

function send(res: ServerResponse, reply: Reply): void {
  res.writeHead(reply.status, { ...reply.headers, 'x-amzn-RequestId': 'stand-in' });
  res.end(reply.body);
}
