// The webview's words: the host puts vscode.l10n.bundle (the display language's translations of
// l10n/bundle.l10n.json) in the document as a JSON data block (src/extension/console/html.ts);
// this module hands it to @vscode/l10n when it is evaluated. main.ts imports it first, so the
// bundle is in place before any module builds a label (several do at module level). Views call
// @vscode/l10n's l10n.t directly, which is what `npm run l10n:export` finds. Without a bundle
// (English, or the webview tests) l10n.t returns the English text with its placeholders filled in.
import * as l10n from '@vscode/l10n';

function readBundle(): Record<string, string> | undefined {
  const raw = typeof document === 'undefined' ? null : document.getElementById('streamgate-l10n')?.textContent;
  if (!raw) return undefined;
  try {
    const parsed: unknown = JSON.parse(raw);
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? parsed as Record<string, string> : undefined;
  } catch {
    return undefined; // a broken bundle leaves the console in English rather than blank
  }
}

const bundle = readBundle();
if (bundle) l10n.config({ contents: bundle });
