// No user-facing string bypasses localization: the scanner (bypassScanner.ts) finds literal words
// put straight into messages, pickers, tree items, the status bar, thrown errors (extension),
// labels, titles and aria-labels (webview) and the CLI's output. Proven on fixtures that must fail.
import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { scanSource, type Area, type Bypass } from './bypassScanner';

const root = join(__dirname, '..', '..', '..');

function files(dir: string): string[] {
  return readdirSync(join(root, dir), { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []);
}

function scan(dir: string, area: Area): Bypass[] {
  return files(dir).flatMap((f) => scanSource(relative(root, join(root, f)), readFileSync(join(root, f), 'utf8'), area));
}

const show = (found: Bypass[]) => found.map((b) => `${b.file}:${b.line} [${b.rule}] ${b.text}`).join('\n');

describe('no user-facing string bypasses localization', () => {
  it('the extension (src/extension) words everything it shows through vscode.l10n.t / l10n.t', () => {
    const found = scan('src/extension', 'extension');
    assert.equal(found.length, 0, `bare strings:\n${show(found)}`);
  });

  it('the console webview words its labels, buttons, tabs, titles and aria-labels through l10n.t', () => {
    const found = scan('webview', 'webview');
    assert.equal(found.length, 0, `bare strings:\n${show(found)}`);
  });

  it('the CLI words its usage, help and errors through l10n.t', () => {
    const found = scan('src/cli', 'cli');
    assert.equal(found.length, 0, `bare strings:\n${show(found)}`);
  });

  it('the streaming doctor (src/core/rules) words its findings and fixes through l10n.t', () => {
    const found = scan('src/core/rules', 'rules');
    assert.equal(found.length, 0, `bare strings:\n${show(found)}`);
    const fixture = scanSource('fixture.ts', "out.push(diagnostic('x', 'warning', 'Caching does not work with STREAM.', [{ label: 'Disable caching' }]));", 'rules');
    assert.deepEqual(fixture.map((b) => b.text), ['Caching does not work with STREAM.', 'Disable caching']);
  });

  it('the .http parser (src/shared/http) words its diagnostics through l10n.t', () => {
    const found = scan('src/shared/http', 'http');
    assert.equal(found.length, 0, `bare strings:\n${show(found)}`);
    const fixture = scanSource('fixture.ts', "diag(out, i, text, 'error', 'A file variable looks like \"@name = value\"'); return fail(`Unresolved variable ${x}`);", 'http');
    assert.equal(fixture.length, 2, show(fixture));
  });

  it('fails on each kind of bypass in the extension, and passes the localized forms', () => {
    const bad = `
      import * as vscode from 'vscode';
      void vscode.window.showInformationMessage('Deployed the API.');
      void vscode.window.showWarningMessage(\`Deploy \${name} now?\`, { modal: true }, 'Deploy');
      const item = new vscode.TreeItem('Stages');
      item.tooltip = 'Click to retry.';
      status.text = \`$(plug) Local gateway\`;
      const pick = vscode.window.showQuickPick(items, { title: 'Pick a stage', placeHolder: 'Stage' });
      throw new Error('Select a method first.');
      md.appendMarkdown('Changed — not deployed yet.');
      this.notice('info', 'History cleared.');
    `;
    const found = scanSource('fixture.ts', bad, 'extension');
    assert.deepEqual(found.map((b) => b.line), [3, 4, 4, 5, 6, 7, 8, 8, 9, 10, 11], show(found));
    const good = `
      import * as vscode from 'vscode';
      void vscode.window.showInformationMessage(vscode.l10n.t('Deployed the API.'));
      void vscode.window.showWarningMessage(vscode.l10n.t('Deploy {0} now?', name), { modal: true }, deployLabel);
      const item = new vscode.TreeItem(vscode.l10n.t('Stages'));
      status.text = \`$(plug) \${vscode.l10n.t('Local gateway')}\`;
      item.description = \`\${api.id} · STREAM · \${timeout}\`;
      throw new Error(vscode.l10n.t('Select a method first.'));
      const label = 'StreamGate';
    `;
    assert.deepEqual(scanSource('fixture.ts', good, 'extension'), []);
  });

  it('fails on each kind of bypass in the webview, and passes the localized forms', () => {
    const bad = `
      const b = el('vscode-button', { attrs: { title: 'Send the request' } }, icon('play'), ' Send');
      const t = el('button', { text: 'History', attrs: { 'aria-label': 'Console views' } });
      node.textContent = 'No match';
      input.setAttribute('aria-label', 'Find in body');
      const f = textField('Header name', value, 'Name');
    `;
    const found = scanSource('fixture.ts', bad, 'webview');
    assert.deepEqual(found.map((b) => b.text).sort(), [' Send', 'Console views', 'Find in body', 'Header name', 'History', 'Name', 'No match', 'Send the request'], show(found));
    const good = `
      const b = el('vscode-button', { attrs: { title: l10n.t('Send the request') } }, icon('play'), \` \${l10n.t('Send')}\`);
      node.textContent = \`+\${fmtMs(at)}\`;
      input.setAttribute('data-tab', 'raw');
      this.tabs.select('history');
      // l10n-exempt: SSE field names
      detail.textContent = \`event: \${e.event}\`;
    `;
    assert.deepEqual(scanSource('fixture.ts', good, 'webview'), []);
  });

  it('fails on bare CLI output and errors', () => {
    const found = scanSource('fixture.ts', `
      process.stdout.write('Local gateway listening\\n');
      console.error(\`streamgate: unknown command \${cmd}\`);
      throw new UsageError('--url is required');
      process.stdout.write(\`\${JSON.stringify(out)}\\n\`);
      process.stderr.write(l10n.t('Local gateway listening on {0}', url));
    `, 'cli');
    assert.deepEqual(found.map((b) => b.line), [2, 3, 4], show(found));
  });
});
