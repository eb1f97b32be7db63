import { versionLabel } from 'utils';

/** A small header block shared by the shop's frontends. */
export function banner(title: string, text: string, version?: string): HTMLElement {
  const section = document.createElement('section');
  section.className = 'shop-banner';
  const heading = document.createElement('h2');
  heading.textContent = title;
  const body = document.createElement('p');
  body.textContent = `${text} (${versionLabel(version)})`;
  section.append(heading, body);
  return section;
}
