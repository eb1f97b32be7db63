// --html=<file>: the status page of every product, written as one self-contained HTML file.
import { checkOutputFile, writeOutputFile } from '../commands/output-file';
import type { Host } from '../commands/host';
import { readStatusPageFacts } from './read-status-page-facts';
import { renderStatusPage } from './render-status-page';

/** Returns the line that tells the person where the page is. */
export async function writeStatusPage(host: Host, path: string): Promise<string> {
  checkOutputFile(path, '--html');
  const page = renderStatusPage(await readStatusPageFacts(host));
  writeOutputFile(path, '--html', page);
  return `Wrote the status page of every product to ${path}.`;
}
