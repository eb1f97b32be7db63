// The proof part of both demo stories, on storefront: a signing key (the public half committed, the
// private half a secret in the environment), a signed release verified, one stored byte changed and
// caught, a second release rebuilt from its tag and found reproducible, then a prune that deletes
// the old (tampered) release and keeps what staging runs.
import { generateKeyPairSync } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { commitFix, gitIn, step, type DemoStory } from './demo-steps';

export function proveReleases(story: DemoStory): void {
  const { dir, commands: run } = story;
  const git = gitIn(dir);

  step('Sign releases: a key pair; the public half is committed, the private half is the release job\'s secret (TAGDEPLOY_SIGNING_KEY)');
  const keys = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  writeFileSync(join(dir, 'release-signing.pub.pem'), keys.publicKey.export({ type: 'spki', format: 'pem' }).toString());
  const signing = { key: 'env:TAGDEPLOY_SIGNING_KEY', publicKey: 'release-signing.pub.pem' };
  story.editSettings((settings) => {
    settings.signing = signing;
  });
  git('add', '-A');
  git('commit', '-qm', 'chore: sign releases');
  process.stdout.write(`"signing": ${JSON.stringify(signing)}\n`);
  // What CI would expose from its secret store; every command below inherits it.
  process.env.TAGDEPLOY_SIGNING_KEY = keys.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();

  step('A signed release of storefront, verified: signature, release.json, every stored byte, the tag');
  commitFix(dir, 'apps/storefront/src/main.ts', 'a search box is coming', 'feat(storefront): prepare a search box');
  run.release('storefront');
  run.verify('storefront', { release: '0.1.0' });

  step('Someone changes one byte of a stored file: verify hashes the bytes and catches it');
  const stored = join('.tagdeploy', 'store', 'storefront', 'releases', '0.1.0', 'index.html');
  const html = readFileSync(join(dir, stored), 'utf8');
  if (!html.includes('storefront v')) throw new Error(`${stored} has no "storefront v" to change`);
  writeFileSync(join(dir, stored), html.replace('storefront v', 'storefront V'));
  process.stdout.write(`$ (change "storefront v" to "storefront V" in ${stored})\n`);
  run.verify('storefront', { release: '0.1.0', expectFailure: true });

  step('Rebuild a release from its tag in a clean temporary worktree and compare every file: reproducible');
  commitFix(dir, 'apps/storefront/src/main.ts', 'the search box waits for the catalogue', 'feat(storefront): search after the catalogue loads');
  run.release('storefront');
  run.deploy('storefront', 'staging');
  run.verify('storefront', { rebuild: true });

  step('Prune storefront (keep 1): what staging runs stays, the old tampered 0.1.0 goes; its tag stays');
  run.prune('storefront', 1);
  process.stdout.write(git('tag', '-l', 'storefront@*'));
}
