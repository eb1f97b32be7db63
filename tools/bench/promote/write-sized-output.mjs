// Copied into a bench copy of the shop as payments-api's build: writes
// dist/services/payments-api/ with a small main.mjs and payload.bin, <MB> MiB of deterministic
// pseudo-random bytes (AES-128-CTR over zeros, fixed key: the same bytes every run, and
// incompressible, so the gzip layer of the image is as large as the file).
// Usage: node write-sized-output.mjs <MB> <outDir>
import { createCipheriv } from 'node:crypto';
import { mkdirSync, openSync, writeSync, closeSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const [mb, outDir] = [Number(process.argv[2]), process.argv[3]];
if (!(mb > 0) || !outDir) throw new Error('usage: node write-sized-output.mjs <MB> <outDir>');
mkdirSync(outDir, { recursive: true });
const version = process.env.TAGDEPLOY_VERSION ?? '0.0.0-dev';
writeFileSync(join(outDir, 'main.mjs'), `console.log('payments-api ${version}: ${mb} MiB payload');\n`);
const cipher = createCipheriv('aes-128-ctr', Buffer.alloc(16, 7), Buffer.alloc(16, 0));
const zeros = Buffer.alloc(1024 * 1024);
const fd = openSync(join(outDir, 'payload.bin'), 'w');
try {
  for (let i = 0; i < mb; i++) writeSync(fd, cipher.update(zeros));
} finally {
  closeSync(fd);
}
