// What a Dockerfile says about the runtime (pure): the final stage's base image, the ports it
// exposes, and its user. Only literal values and ARG defaults (or given build args) are resolved;
// anything else is left undefined, never guessed.

export interface DockerfileRuntime {
  /** The final stage's FROM image, or undefined when it cannot be read without building. */
  from?: string;
  expose: number[];
  user?: string;
}

export function parseDockerfile(text: string, buildArgs: Record<string, string> = {}): DockerfileRuntime {
  const args: Record<string, string> = {};
  const stages = new Set<string>();
  let runtime: DockerfileRuntime = { expose: [] };
  for (const line of instructions(text)) {
    const [keyword, ...rest] = line.split(/\s+/);
    const words = rest.filter(Boolean);
    switch (keyword.toUpperCase()) {
      case 'ARG':
        for (const word of words) {
          const [name, value] = word.split('=', 2);
          args[name] = buildArgs[name] ?? unquote(value ?? '');
        }
        break;
      case 'FROM': {
        const image = words.find((word) => !word.startsWith('--'));
        const alias = words.findIndex((word) => word.toUpperCase() === 'AS');
        const from = image ? substitute(image, { ...args, ...buildArgs }) : undefined;
        // A stage built FROM an earlier stage has that stage's base: not readable here.
        runtime = { from: from && !stages.has(from.toLowerCase()) ? from : undefined, expose: [] };
        if (alias >= 0 && words[alias + 1]) stages.add(words[alias + 1].toLowerCase());
        break;
      }
      case 'EXPOSE':
        for (const word of words) {
          const port = Number(substitute(word, args)?.split('/')[0]);
          if (Number.isInteger(port) && port > 0) runtime.expose.push(port);
        }
        break;
      case 'USER':
        runtime.user = substitute(words[0] ?? '', args);
        break;
    }
  }
  return runtime;
}

/** Instructions with continuation lines joined and comments dropped. */
function instructions(text: string): string[] {
  const out: string[] = [];
  let pending = '';
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line.startsWith('#') || (line === '' && !pending)) continue;
    if (line.endsWith('\\')) {
      pending += `${line.slice(0, -1)} `;
      continue;
    }
    out.push((pending + line).trim());
    pending = '';
  }
  if (pending.trim()) out.push(pending.trim());
  return out.filter(Boolean);
}

/** $NAME and ${NAME} from known values; undefined when a name is unknown. */
function substitute(word: string, values: Record<string, string>): string | undefined {
  let unknown = false;
  const result = unquote(word).replace(/\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?/g, (_, name: string) => {
    if (!(name in values) || values[name] === '') unknown = true;
    return values[name] ?? '';
  });
  return unknown ? undefined : result;
}

const unquote = (value: string) => value.replace(/^"(.*)"$/, '$1').replace(/^'(.*)'$/, '$1');
