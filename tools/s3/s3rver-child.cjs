'use strict';
// Runs s3rver in its own process: it needs --openssl-legacy-provider at start-up (paginated
// listing fails with 500 without it), which a vitest worker cannot switch on for itself.
// Usage: node --openssl-legacy-provider s3rver-child.cjs <s3rver-module-path> <data-dir>
// Prints one JSON line {"port":N} once listening on 127.0.0.1; exits when stdin closes (so it
// never outlives its parent) or on SIGTERM.
const [s3rverPath, directory] = process.argv.slice(2);
const S3rver = require(s3rverPath);

async function main() {
  // The CLI creates the directory; the JS API does not (ListBuckets then fails with 500).
  require('fs').mkdirSync(directory, { recursive: true });
  const server = new S3rver({ address: '127.0.0.1', port: 0, directory, silent: true });
  const { port } = await server.run();
  process.stdout.write(JSON.stringify({ port }) + '\n');
  let closing = false;
  const stop = async () => {
    if (closing) return;
    closing = true;
    await server.close().catch(() => undefined);
    process.exit(0);
  };
  process.on('SIGTERM', stop);
  process.stdin.on('end', stop);
  process.stdin.on('error', stop);
  process.stdin.resume();
}

main().catch((error) => {
  process.stderr.write(String(error && error.stack ? error.stack : error) + '\n');
  process.exit(1);
});
