// Progress for humans on stderr, prefixed with the product, so that stdout stays for results.
// Every line is redacted: a store or repo URL with credentials in it never reaches the terminal.
import type { Reporter } from '../release/ports';
import { createProgressMeter } from '../report/progress-meter';
import { redactSecrets } from '../report/redact-secrets';
import { renderMessage, type CommandSpelling } from './spelling';

export function stderrReporter(product: string, spelling: CommandSpelling): Reporter {
  const line = (text: string) => process.stderr.write(redactSecrets(`[${product}] ${renderMessage(text, spelling)}\n`));
  return {
    info: (message) => line(message),
    warn: (message) => line(`warning: ${message}`),
    progress: (label, totals) =>
      createProgressMeter({ label: redactSecrets(`[${product}] ${label}`), totalFiles: totals.files, totalBytes: totals.bytes, sink: process.stderr }),
  };
}
