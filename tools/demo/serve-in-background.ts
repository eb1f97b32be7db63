// `nx serve-release` beside the demo's synchronous steps: started in its own process group with
// its output in a file, ready once it prints its URL; /health is asked through a short node child
// so that the story stays a plain sequence of steps.
import { execFileSync, spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { nxBin, nxEnv } from '../shop/shop-files';

const sleep = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

export function serveInBackground(shop: string, product: string, env: string): { url: string; stop(): void } {
  const log = join(shop, '..', `serve-${product}-${env}.log`);
  const fd = openSync(log, 'w');
  process.stdout.write(`$ nx serve-release ${product} --env=${env} --port=0 &\n`);
  const child = spawn(process.execPath, [nxBin(shop), 'serve-release', product, `--env=${env}`, '--port=0'], { cwd: shop, env: { ...process.env, ...nxEnv }, stdio: ['ignore', fd, fd], detached: true });
  closeSync(fd);
  const stop = () => {
    try {
      process.kill(-(child.pid as number), 'SIGTERM');
    } catch {
      /* gone already */
    }
  };
  for (let waited = 0; waited < 180_000; waited += 250) {
    const url = /Serving \S+ \S+ at (http:\/\/127\.0\.0\.1:\d+)/.exec(readFileSync(log, 'utf8'))?.[1];
    if (url) return { url, stop };
    sleep(250);
  }
  stop();
  throw new Error(`nx serve-release ${product} --env=${env} printed no URL; its output:\n${readFileSync(log, 'utf8')}`);
}

/** Shows GET <url>/health as a person would see it, once it answers with `version`. */
export function showHealth(url: string, version: string): void {
  process.stdout.write(`$ curl ${url}/health\n`);
  const script = `const [url, want] = process.argv.slice(1);
(async () => { for (let i = 0; i < 600; i++) { try { const body = await (await fetch(url)).text(); if (JSON.parse(body).version === want) { console.log(body); return; } } catch {} await new Promise((r) => setTimeout(r, 200)); } console.error('no answer with version ' + want); process.exit(1); })();`;
  process.stdout.write(execFileSync(process.execPath, ['-e', script, `${url}/health`, version], { encoding: 'utf8' }));
}
