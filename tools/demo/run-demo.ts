// npm run demo [-- nx | turbo]: the Nx story (nx-story.ts), the Turborepo story (turbo-story.ts),
// or with no argument both, Nx first. Each runs in a fresh temp copy of its example shop.
import { formatRollbackTiming, step, type RollbackTiming } from './demo-steps';
import { useNodeBaseMirror } from './node-base-mirror';
import { nxStory } from './nx-story';
import { turboStory } from './turbo-story';

const stories: Record<string, { name: string; tell: () => RollbackTiming }> = {
  nx: { name: 'Nx', tell: nxStory },
  turbo: { name: 'Turborepo', tell: turboStory },
};

const asked = process.argv.slice(2);
const unknown = asked.filter((name) => !Object.hasOwn(stories, name));
if (unknown.length > 0) {
  process.stderr.write(`run-demo: unknown story "${unknown.join(' ')}"; valid: ${Object.keys(stories).join(', ')} (none: both, Nx first)\n`);
  process.exit(1);
}

async function main(): Promise<void> {
  step("A Node base image for payments-api, made from this machine's node (the mirror of docker.io for this demo)");
  await useNodeBaseMirror();
  const told = (asked.length > 0 ? asked : Object.keys(stories)).map((key) => ({ name: stories[key].name, timing: stories[key].tell() }));
  // Said once, here, with labels: the switch is what a rollback costs the users; the rest is start-up.
  step("How long checkout's rollback in production took");
  for (const { name, timing } of told) process.stdout.write(`  ${name}: ${formatRollbackTiming(timing)}
`);
}

main().catch((error: Error) => {
  process.stderr.write(`${error.stack ?? error.message}
`);
  process.exit(1);
});
