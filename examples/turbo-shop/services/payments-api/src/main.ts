import { createServer } from 'node:http';
import { formatPrice } from 'utils';

// APP_VERSION is set by the container image (ARG VERSION); the build-time version is the fallback.
const version = process.env.APP_VERSION || import.meta.env.TAGDEPLOY_VERSION;
const port = Number(process.env.PORT || 3000);

const server = createServer((req, res) => {
  const send = (status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };
  const url = new URL(req.url ?? '/', 'http://localhost');
  if (url.pathname === '/health') return send(200, { status: 'ok', version });
  if (url.pathname === '/quote') {
    const cents = Number(url.searchParams.get('cents') ?? 0);
    return send(200, { cents, display: formatPrice(cents) });
  }
  send(404, { error: 'not found' });
});

server.listen(port, () => console.log(`payments-api ${version} listening on :${port}`));
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => server.close(() => process.exit(0)));
