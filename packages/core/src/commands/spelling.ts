// How a host spells a command. Core's messages name the next step as a token,
// ⟦deploy checkout --env=staging⟧, and ⟦settings⟧ for the file that holds the workspace settings;
// the host that shows the message renders them in its own words (the Nx plugin as its inferred
// targets with --flag=value, the CLI as "tagdeploy deploy checkout --env staging"). Core never
// names a host.

export const commandNames = ['release', 'abandon', 'verify', 'prune', 'deploy', 'promote', 'rollback', 'status', 'serve', 'add-product'] as const;
export type CommandName = (typeof commandNames)[number];

export type CommandFlags = Readonly<Record<string, string | true>>;

export interface CommandSpelling {
  /** The full command line a user types. */
  command(name: CommandName, product: string, flags: CommandFlags): string;
  /** Where the workspace settings live, as a user would look for them (e.g. "tagdeploy.config.json"). */
  settingsFile: string;
}

/** A next step inside a message: ⟦deploy checkout --env=staging⟧. */
export function command(name: CommandName, product: string, flags: Record<string, string | true | undefined> = {}): string {
  const args = Object.entries(flags)
    .filter((entry): entry is [string, string | true] => entry[1] !== undefined)
    .map(([flag, value]) => (value === true ? `--${flag}` : `--${flag}=${value}`));
  return `⟦${[name, product, ...args].join(' ')}⟧`;
}

/** The workspace settings file inside a message. */
export const settingsFile = '⟦settings⟧';

const token = /⟦([^⟧]*)⟧/g;

/** A message with its tokens in this host's words. */
export function renderMessage(message: string, spelling: CommandSpelling): string {
  return message.replace(token, (whole, body: string) => {
    if (body === 'settings') return spelling.settingsFile;
    const [name, product, ...args] = body.split(' ');
    if (!(commandNames as readonly string[]).includes(name) || product === undefined) return whole;
    const flags: Record<string, string | true> = {};
    for (const arg of args) {
      const match = /^--([^=]+)(?:=(.*))?$/.exec(arg);
      if (match) flags[match[1]] = match[2] ?? true;
    }
    return spelling.command(name as CommandName, product, flags);
  });
}
