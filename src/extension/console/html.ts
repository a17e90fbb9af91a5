// The console's HTML document and Content-Security-Policy. No `vscode` import: the panel passes
// in its webview URIs, and the webview tests build the very same document.

export interface ConsoleHtmlParts {
  /** `webview.cspSource`: the origin VS Code serves extension resources from. */
  cspSource: string;
  /** Fresh per document; only scripts carrying it run. */
  nonce: string;
  scriptUri: string;
  styleUris: string[];
  title?: string;
  /** The display language (`vscode.env.language`), for the document's lang attribute. */
  lang?: string;
  /** `vscode.l10n.bundle`: the webview's words in the display language (undefined: English). */
  l10nBundle?: Record<string, string | { message: string; comment: string[] }>;
}

/** 128 random bits, base64url: unguessable, so injected markup cannot carry a valid nonce. */
export function createNonce(): string {
  const bytes = new Uint8Array(16);
  globalThis.crypto.getRandomValues(bytes);
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export function consoleCsp(cspSource: string, nonce: string): string {
  return [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    // Lit components style themselves with constructable stylesheets, which need no 'unsafe-inline'.
    `style-src ${cspSource}`,
    `font-src ${cspSource}`,
    `img-src ${cspSource} data:`,
    // The webview never talks to the network: the host makes every request.
    "connect-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}

function attr(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** JSON that cannot close the <script> element it sits in (no "<" survives). */
function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c');
}

export function buildConsoleHtml(p: ConsoleHtmlParts): string {
  // A JSON data block is never executed, so the CSP needs no change; webview/l10n.ts reads it
  // before any label is built.
  const bundle = p.l10nBundle ? `\n    <script type="application/json" id="streamgate-l10n">${scriptJson(p.l10nBundle)}</script>` : '';
  const styles = p.styleUris.map((u) => `<link rel="stylesheet" href="${attr(u)}">`).join('\n    ');
  return `<!DOCTYPE html>
<html lang="${attr(p.lang ?? 'en')}">
  <head>
    <meta charset="UTF-8">
    <meta http-equiv="Content-Security-Policy" content="${attr(consoleCsp(p.cspSource, p.nonce))}">
    <meta name="viewport" content="width=device-width, initial-scale=1.0">
    ${styles}
    <title>${attr(p.title ?? 'Request Console')}</title>
  </head>
  <body>${bundle}
    <script nonce="${attr(p.nonce)}" src="${attr(p.scriptUri)}"></script>
  </body>
</html>`;
}
