// Small helpers for the self-contained HTML pages (status page, plan graph): escaping text, and
// embedding data as JSON that a <script> can read and the HTML parser cannot break out of.

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[char] as string);
}

/** JSON inside <script type="application/json">: "<" is escaped so "</script>" in a value cannot end the element. */
export function embedJson(id: string, value: unknown): string {
  const json = JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
  return `<script type="application/json" id="${id}">${json}</script>`;
}

/** One page: no external reference of any kind (styles and scripts inline), so it opens from a file offline. */
export function renderPage(title: string, style: string, body: string, scripts: readonly string[] = []): string {
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    // No network: the page may load nothing from anywhere, not even from its own origin.
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">`,
    `<title>${escapeHtml(title)}</title>`,
    `<style>${style}</style>`,
    '</head>',
    '<body>',
    body,
    ...scripts.map((script) => `<script>${script.replace(/<\/script/gi, '<\\/script')}</script>`),
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

export const baseStyle = `
body { font: 14px/1.4 system-ui, sans-serif; margin: 24px; color: #1d2430; background: #fafbfc; }
h1 { font-size: 22px; margin: 0 0 4px; } h2 { font-size: 18px; margin: 28px 0 8px; } h3 { font-size: 15px; margin: 16px 0 6px; }
.muted { color: #667085; } code, pre { font: 12px/1.4 ui-monospace, monospace; }
table { border-collapse: collapse; background: #fff; } th, td { border: 1px solid #d0d5dd; padding: 6px 10px; text-align: left; vertical-align: top; }
th { background: #f2f4f7; }
.drift { color: #b42318; font-weight: 600; }
`;
