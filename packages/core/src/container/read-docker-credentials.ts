// Registry credentials from the docker config, the way `docker login` leaves them:
// $DOCKER_CONFIG/config.json or ~/.docker/config.json, `auths[host].auth` (base64 user:password)
// or `username`/`password`; a `credHelpers[host]` / `credsStore` helper is asked through
// `docker-credential-<name> get`. Secrets never leave the returned value.
import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';

export interface RegistryCredentials {
  username: string;
  password: string;
}

export interface CredentialLookup {
  credentials?: RegistryCredentials;
  /** Where credentials are read from, for messages ("~/.docker/config.json (auths)"), never the secret. */
  source: string;
}

interface DockerConfig {
  auths?: Record<string, { auth?: string; username?: string; password?: string; identitytoken?: string }>;
  credHelpers?: Record<string, string>;
  credsStore?: string;
}

export function dockerConfigPath(env: NodeJS.ProcessEnv = process.env): string {
  return join(env.DOCKER_CONFIG ?? join(homedir(), '.docker'), 'config.json');
}

export async function readDockerCredentials(host: string, env: NodeJS.ProcessEnv = process.env): Promise<CredentialLookup> {
  const path = dockerConfigPath(env);
  const text = await readFile(path, 'utf8').catch(() => undefined);
  if (text === undefined) return { source: `${path} (absent)` };
  let config: DockerConfig;
  try {
    config = JSON.parse(text) as DockerConfig;
  } catch {
    return { source: `${path} (not valid JSON, ignored)` };
  }
  const keys = [host, `https://${host}`, `http://${host}`, `https://${host}/v1/`, ...(host === 'registry-1.docker.io' || host === 'docker.io' ? ['https://index.docker.io/v1/'] : [])];
  const helper = config.credHelpers?.[host] ?? config.credsStore;
  if (helper) {
    const fromHelper = await askCredentialHelper(helper, host, env).catch(() => undefined);
    if (fromHelper) return { credentials: fromHelper, source: `${path} (docker-credential-${helper})` };
  }
  for (const key of keys) {
    const entry = config.auths?.[key];
    if (!entry) continue;
    if (entry.username && entry.password) return { credentials: { username: entry.username, password: entry.password }, source: `${path} (auths["${key}"])` };
    if (entry.auth) {
      const decoded = Buffer.from(entry.auth, 'base64').toString('utf8');
      const colon = decoded.indexOf(':');
      if (colon > 0) return { credentials: { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) }, source: `${path} (auths["${key}"])` };
    }
  }
  return { source: `${path} (no entry for ${host})` };
}

function askCredentialHelper(helper: string, host: string, env: NodeJS.ProcessEnv): Promise<RegistryCredentials | undefined> {
  return new Promise((resolve, reject) => {
    const child = spawn(`docker-credential-${helper}`, ['get'], { env, stdio: ['pipe', 'pipe', 'ignore'] });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) return resolve(undefined);
      try {
        const parsed = JSON.parse(out) as { Username?: string; Secret?: string };
        resolve(parsed.Username && parsed.Secret ? { username: parsed.Username, password: parsed.Secret } : undefined);
      } catch {
        resolve(undefined);
      }
    });
    child.stdin.end(host);
  });
}
