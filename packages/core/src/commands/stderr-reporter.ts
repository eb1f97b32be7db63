// Progress for humans on stderr, prefixed with the product, so that stdout stays for results.
import type { Reporter } from '../release/ports';
import { createProgressMeter } from '../report/progress-meter';
import { renderMessage, type CommandSpelling } from './spelling';

export function stderrReporter(product: string, spelling: CommandSpelling): Reporter {
  return {
    info: (message) => process.stderr.write(`[${product}] ${renderMessage(message, spelling)}\n`),
    warn: (message) => process.stderr.write(`[${product}] warning: ${renderMessage(message, spelling)}\n`),
    progress: (label, totals) =>
      createProgressMeter({ label: `[${product}] ${label}`, totalFiles: totals.files, totalBytes: totals.bytes, sink: process.stderr }),
  };
}
