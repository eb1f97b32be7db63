// The approval prompt in a real terminal: `nx promote` runs in a detached tmux session (its own
// tmux server per test), the test reads the pane like a person would and types the answer.
import { execFileSync, spawnSync } from 'node:child_process';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { nxBin } from '../tools/shop/shop-files';
import { createShop, type RunResult, type Shop } from './support/shop';

let shop: Shop | undefined;
let terminal: Terminal | undefined;
afterEach(() => {
  terminal?.close();
  shop?.cleanup();
  shop = terminal = undefined;
});

beforeAll(() => {
  const probe = spawnSync('tmux', ['-V'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) {
    throw new Error(`tmux is needed for the approval prompt test and is missing (${probe.error?.message ?? probe.stderr}). Install it: apt-get install tmux.`);
  }
});

const asShopUser = { TAGDEPLOY_ACTOR: '', TAGDEPLOY_APPROVER: '' };
const uiIndex = 'packages/ui/src/index.ts';
const prompt = 'Approve as Test Lead? Type "yes" to go ahead:';

function nxOk(args: string[]): RunResult {
  const run = (shop as Shop).nx(args, asShopUser);
  expect(run.code, `nx ${args.join(' ')}\n${run.output}`).toBe(0);
  return run;
}

/** Production runs 0.1.0 (approved by Ana); staging runs 0.1.1, a fix in ui. */
function stagingAheadOfProduction(): void {
  nxOk(['release-product', 'checkout']);
  nxOk(['deploy', 'checkout', '--env=staging']);
  nxOk(['promote', 'checkout', '--to=production', '--approve', '--approved-by=Ana']);
  const s = shop as Shop;
  s.commit(uiIndex, `${s.read(uiIndex)}\n// rounding fixed\n`, 'fix(ui): round prices to cents');
  nxOk(['release-product', 'checkout']);
  nxOk(['deploy', 'checkout', '--env=staging']);
}

async function productionState(): Promise<{ keys: string[]; pointer: string | undefined }> {
  const s = shop as Shop;
  return { keys: await s.store.list('checkout/envs/production/'), pointer: (await s.store.get('checkout/envs/production.json'))?.body.toString('utf8') };
}

describe('approval prompt in a terminal', () => {
  it('shows from → to and the changes, and promotes with the git user as approver after "yes"', async () => {
    shop = await createShop();
    stagingAheadOfProduction();

    terminal = startInTerminal(shop, ['promote', 'checkout', '--to=production']);
    const screen = await terminal.waitFor(prompt);

    expect(screen).toContain('promote checkout in production: 0.1.0 → 0.1.1 (as in staging)');
    expect(screen).toContain('* **ui:** round prices to cents');
    terminal.type('yes');
    const done = await terminal.waitForExit();

    expect(done.status, done.screen).toBe(0);
    expect(done.screen).toContain('Promoted (from staging) checkout in production: 0.1.0 → 0.1.1');
    const pointer = JSON.parse((await productionState()).pointer as string);
    expect(pointer).toMatchObject({ version: '0.1.1', previousVersion: '0.1.0', action: 'promote', deployedBy: 'Test Lead', approvedBy: 'Test Lead' });
    expect((await productionState()).keys).toHaveLength(2);
  });

  it('changes nothing and says not confirmed after "no"', async () => {
    shop = await createShop();
    stagingAheadOfProduction();
    const before = await productionState();

    terminal = startInTerminal(shop, ['promote', 'checkout', '--to=production']);
    await terminal.waitFor(prompt);
    terminal.type('no');
    const done = await terminal.waitForExit();

    expect(done.status, done.screen).not.toBe(0);
    expect(done.screen).toContain('tagdeploy error [APPROVAL_DECLINED]: Not confirmed: production of checkout is unchanged (still 0.1.0).');
    expect(await productionState()).toEqual(before);
    expect(JSON.parse(before.pointer as string)).toMatchObject({ version: '0.1.0', approvedBy: 'Ana' });
  });
});

interface Terminal {
  /** Polls the pane until it shows `text`; returns the whole screen (wrapped lines joined). */
  waitFor(text: string, timeoutMs?: number): Promise<string>;
  /** Types a line and presses Enter. */
  type(line: string): void;
  /** Waits for the command to end; its exit status and final screen. */
  waitForExit(timeoutMs?: number): Promise<{ status: number; screen: string }>;
  close(): void;
}

let sessions = 0;

/** Runs `nx <args>` in the shop in a fresh detached tmux server (socket named for this test). */
function startInTerminal(shop: Shop, args: string[]): Terminal {
  const socket = `tagdeploy-e2e-${process.pid}-${++sessions}`;
  const tmux = (...rest: string[]) => execFileSync('tmux', ['-L', socket, '-f', '/dev/null', ...rest], { encoding: 'utf8' });
  const env = { NX_DAEMON: 'false', NX_NO_CLOUD: 'true', NX_TUI: 'false', ...asShopUser };
  tmux(
    'new-session', '-d', '-s', 'approval', '-x', '220', '-y', '80', '-c', shop.dir,
    ...Object.entries(env).flatMap(([key, value]) => ['-e', `${key}=${value}`]),
    // A shell prints the exit code on the screen: tmux's own record of it (#{pane_dead_status})
    // is sometimes missing when the pane dies, which made a passing run fail.
    'sh', '-c', '"$0" "$@"; echo "exit-status:$?"', process.execPath, nxBin(shop.dir), ...args,
    ';', 'set-option', '-t', 'approval', 'remain-on-exit', 'on',
  );
  const screen = () => tmux('capture-pane', '-p', '-J', '-S', '-', '-t', 'approval');
  const dead = () => tmux('display-message', '-p', '-t', 'approval', '#{pane_dead}|#{pane_dead_status}|#{pane_dead_signal}').trim().split('|');
  const poll = async <T>(what: string, timeoutMs: number, check: () => T | undefined): Promise<T> => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = check();
      if (found !== undefined) return found;
      if (Date.now() > deadline) throw new Error(`The terminal did not show ${what} within ${timeoutMs} ms. Screen:\n${screen()}`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  };
  return {
    waitFor: (text, timeoutMs = 90_000) =>
      poll(`"${text}"`, timeoutMs, () => {
        const shown = screen();
        if (shown.includes(text)) return shown;
        if (dead()[0] === '1') throw new Error(`The command ended before showing "${text}". Screen:\n${shown}`);
        return undefined;
      }),
    type(line) {
      tmux('send-keys', '-t', 'approval', '-l', line);
      tmux('send-keys', '-t', 'approval', 'Enter');
    },
    waitForExit: (timeoutMs = 90_000) =>
      poll('the command ending', timeoutMs, () => {
        const shown = screen();
        const code = /exit-status:(\d+)/.exec(shown)?.[1];
        return code === undefined ? undefined : { status: Number(code), screen: shown };
      }),
    close() {
      spawnSync('tmux', ['-L', socket, 'kill-server']);
    },
  };
}
