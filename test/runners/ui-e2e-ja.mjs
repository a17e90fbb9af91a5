#!/usr/bin/env node
// UI end-to-end in Japanese, once: the extension installed in code-server started with
// `--locale ja` (VS Code's display language; its own chrome stays English without a language
// pack, our strings must not), driven through its UI by headless Chromium. Asserts the REST APIs
// tree (connection, Stages, a method's tooltip), the status bar, the view-title action from
// package.nls.ja.json, and the request console's buttons, tabs, aria-labels and run summary in
// Japanese, and that the console document says lang="ja" (vscode.env.language).
// Screenshots: $TMPDIR/streamgate-ui-ja-*.png. Prints "N passed, N failed".
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { codeServerArgs, freePort, launchChromium, linkExtension, ROOT as root, setUpVscodeHost, waitForCodeServer } from '../../scripts/vscodeHost.mjs';
import { createSteps } from './uiSteps.mjs';

const ja = JSON.parse(readFileSync(join(root, 'l10n/bundle.l10n.ja.json'), 'utf8'));
const nlsJa = JSON.parse(readFileSync(join(root, 'package.nls.ja.json'), 'utf8'));
const env = setUpVscodeHost();
/** The Japanese of an English key, with its placeholders filled (the runner reads the same bundle the extension ships). */
const t = (key, ...args) => {
  const value = ja[key];
  if (value === undefined) throw new Error(`no Japanese for "${key}"`);
  return value.replace(/\{(\d+)\}/g, (_, i) => String(args[Number(i)]));
};

const dir = mkdtempSync(join(tmpdir(), 'sg-ui-ja-'));
const [port, gatewayPort] = [await freePort(), await freePort()];
const ws = join(dir, 'ws'); const ext = join(dir, 'extensions'); const userData = join(dir, 'user-data');
for (const d of [ws, ext, join(userData, 'User'), join(dir, 'home')]) mkdirSync(d, { recursive: true });
linkExtension(ext);
// VS Code resolves a display language only when a language pack contributes it; offline there is
// no Marketplace pack, so a minimal one (no translations: VS Code's own UI stays English) makes
// `ja` the language VS Code reports (vscode.env.language) and loads our bundles for.
const pack = join(ext, 'streamgate-test.language-pack-ja-1.0.0');
mkdirSync(join(pack, 'translations'), { recursive: true });
writeFileSync(join(pack, 'package.json'), JSON.stringify({
  name: 'language-pack-ja', publisher: 'streamgate-test', version: '1.0.0', engines: { vscode: '*' },
  contributes: { localizations: [{ languageId: 'ja', languageName: 'Japanese', localizedLanguageName: '日本語',
    translations: [{ id: 'vscode', path: './translations/main.i18n.json' }] }] },
}));
writeFileSync(join(pack, 'translations', 'main.i18n.json'), JSON.stringify({ version: '1.0.0', contents: {} }));
// The server reads installed packs from languagepacks.json (VS Code writes it when it installs one).
writeFileSync(join(userData, 'languagepacks.json'), JSON.stringify({ ja: {
  hash: 'streamgatetest', label: '日本語', extensions: [{ extensionIdentifier: { id: 'streamgate-test.language-pack-ja' }, version: '1.0.0' }],
  translations: { vscode: join(pack, 'translations', 'main.i18n.json') },
} }));
writeFileSync(join(userData, 'User', 'settings.json'), JSON.stringify({
  'workbench.startupEditor': 'none', 'streamgate.connection': 'local', 'streamgate.local.port': gatewayPort,
  'chat.disableAIFeatures': true, 'remote.autoForwardPorts': false, 'workbench.tips.enabled': false,
}));
const server = spawn(env.VH_NODE24, codeServerArgs(env.VH_CODE_SERVER, { port, userData, extensionsDir: ext, workspace: ws, extra: ['--locale', 'ja'] }), { detached: true, stdio: 'ignore', env: { ...process.env, HOME: join(dir, 'home'), VSCODE_CLI: undefined } });
let browser;
const { step, fail, summary } = createSteps();
const shot = (name) => join(tmpdir(), `streamgate-ui-ja-${name}.png`);
async function finish() {
  try { await browser?.close(); } catch { /* already gone */ }
  try { process.kill(-server.pid, 'SIGKILL'); } catch { /* already gone */ }
  rmSync(dir, { recursive: true, force: true });
  console.log(`screenshots: ${shot('tree')} ${shot('console')}`);
  process.exit(summary());
}
const watchdog = setTimeout(() => { fail(); console.error('  FAIL ui-e2e-ja timed out after 240 s'); void finish(); }, 240_000);

let page;
try {
  await waitForCodeServer(port);
  browser = await launchChromium(chromium, env.VH_CHROMIUM);
  page = await browser.newPage({ viewport: { width: 1400, height: 900 }, locale: 'ja-JP' });
  await page.goto(`http://127.0.0.1:${port}/?folder=${encodeURIComponent(ws)}`);
  await page.waitForSelector('.monaco-workbench', { timeout: 60_000 });

  await step('the REST APIs tree, its tooltips and the status bar are in Japanese', async () => {
    await page.locator('.activitybar [aria-label^="StreamGate"]').first().click({ timeout: 30_000 });
    const conn = page.locator('.monaco-list-row', { hasText: t('Local gateway') }).first();
    await conn.waitFor({ timeout: 30_000 });
    await page.locator('.statusbar', { hasText: t('StreamGate local :{0}', gatewayPort) }).waitFor({ timeout: 10_000 });
    await page.locator('.monaco-list-row', { hasText: 'StreamGate sample' }).first().click({ timeout: 30_000 });
    await page.locator('.monaco-list-row', { hasText: t('Stages') }).first().waitFor({ timeout: 15_000 });
    await page.locator('.monaco-list-row[aria-level="4"]', { hasText: '/chat' }).first().click({ timeout: 15_000 });
    const method = page.locator('.monaco-list-row', { hasText: 'AWS_PROXY · BUFFERED · 29 s' }).first();
    await method.waitFor({ timeout: 15_000 });
    // The manifest's action titles come from package.nls.ja.json.
    await method.hover();
    await method.locator(`.action-label[aria-label^="${nlsJa['command.switchToStream.title']}"]`).waitFor({ timeout: 10_000 });
    const tooltip = page.locator('.monaco-hover', { hasText: t('Transfer mode: {0}', 'BUFFERED') }).first();
    for (let i = 0; i < 5 && !(await tooltip.isVisible()); i++) {
      await page.mouse.move(700, 700);
      await method.locator('.monaco-icon-label').first().hover();
      await tooltip.waitFor({ timeout: 4_000 }).catch(() => undefined);
    }
    await tooltip.waitFor({ timeout: 1_000 });
    const text = await tooltip.innerText();
    if (!text.includes(t('Timeout: {0} ms', '29,000'))) throw new Error(`tooltip not in Japanese: "${text}"`);
    await page.screenshot({ path: shot('tree') });
  });

  await step('the request console\'s buttons, tabs, aria-labels and run summary are in Japanese', async () => {
    await page.mouse.move(700, 700);
    await page.locator(`.part.sidebar .title-actions .action-label[aria-label="${nlsJa['command.console.open.title']}"]`).first().click({ timeout: 15_000 });
    const outer = await (await page.waitForSelector('iframe.webview', { timeout: 30_000 })).contentFrame();
    const frame = await (await outer.waitForSelector('#active-frame', { timeout: 30_000 })).contentFrame();
    const send = frame.locator('vscode-button[data-action="send"]');
    await send.waitFor({ timeout: 30_000 });
    const lang = await frame.locator('html').getAttribute('lang');
    if (lang !== 'ja') throw new Error(`the console document's lang (vscode.env.language) is "${lang}", not "ja"`);
    const expectText = async (locator, want, what) => {
      const got = (await locator.innerText({ timeout: 10_000 })).trim();
      if (got !== want) throw new Error(`${what}: "${got}", expected "${want}"`);
    };
    await expectText(send, t('Send'), 'Send button');
    const tabs = (await frame.locator('.view-tab').allInnerTexts()).map((s) => s.trim().replace(/ \(\d+\)$/, ''));
    // The run views, then the Response view's chart / Hops segment.
    const want = [t('Response'), t('History'), t('Compare'), t('Bytes over time'), t('Hops')];
    if (tabs.join('|') !== want.join('|')) throw new Error(`view tabs: ${tabs.join(', ')}`);
    const bodyTabs = (await frame.locator('vscode-tab-header').allInnerTexts()).map((s) => s.trim());
    if (!bodyTabs.includes(t('Raw')) || !bodyTabs.includes(t('Events'))) throw new Error(`body tabs: ${bodyTabs.join(', ')}`);
    const aria = await frame.locator('.phases').getAttribute('aria-label');
    if (aria !== t('Phases')) throw new Error(`phases aria-label: "${aria}"`);
    if (await frame.locator('.view-tabs:not(.graph-tabs)').getAttribute('aria-label') !== t('Console views')) throw new Error('tablist aria-label not Japanese');
    await send.click();
    await frame.locator('.run-actions').waitFor({ state: 'visible', timeout: 30_000 });
    const status = await frame.locator('.status-bar').innerText();
    if (!status.includes(t('done in {0}', '').trim().replace(/\s+$/, '')) || !/チャンク/.test(status)) throw new Error(`run summary not in Japanese: "${status}"`);
    await expectText(frame.locator('vscode-button[data-action="save-body"]'), t('Save body'), 'Save body button');
    const stats = await frame.locator('.stats').innerText();
    if (!stats.includes(t('Throughput')) || !stats.includes(t('Mean gap'))) throw new Error(`stats labels: "${stats}"`);
    await page.screenshot({ path: shot('console') });
  });
} catch {
  try { await page?.screenshot({ path: shot('failure') }); } catch { /* best effort */ }
} finally {
  clearTimeout(watchdog);
  await finish();
}
