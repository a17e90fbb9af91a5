#!/usr/bin/env node
// UI end-to-end for templates: VS Code (code-server) with the SAM example as its workspace,
// driven through its UI by headless Chromium: "Serve Template Locally" from the palette, the
// template's methods marked in the tree, a toggle on one, "Also change template.yaml", the
// reviewed edit applied from the Refactor Preview, and the saved template re-imported (watch).
// Screenshots: $TMPDIR/streamgate-ui-templates-*.png. Prints "N passed, N failed".
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { codeServerArgs, freePort, launchChromium, linkExtension, ROOT as root, setUpVscodeHost, waitForCodeServer } from '../../scripts/vscodeHost.mjs';
import { createSteps } from './uiSteps.mjs';

const env = setUpVscodeHost();

const dir = mkdtempSync(join(tmpdir(), 'sg-ui-templates-'));
const [port, gatewayPort] = [await freePort(), await freePort()];
const ws = join(dir, 'sam-streaming-chat'); const ext = join(dir, 'extensions'); const userData = join(dir, 'user-data');
for (const d of [ext, join(userData, 'User'), join(dir, 'home')]) mkdirSync(d, { recursive: true });
cpSync(join(root, 'examples/sam-streaming-chat'), ws, { recursive: true, filter: (src) => !src.includes('node_modules') });
linkExtension(ext);
writeFileSync(join(userData, 'User', 'settings.json'), JSON.stringify({
  'workbench.startupEditor': 'none', 'streamgate.connection': 'local', 'streamgate.local.port': gatewayPort,
  'chat.disableAIFeatures': true, 'remote.autoForwardPorts': false, 'workbench.tips.enabled': false,
}));
const server = spawn(env.VH_NODE24, codeServerArgs(env.VH_CODE_SERVER, { port, userData, extensionsDir: ext, workspace: ws }), { detached: true, stdio: 'ignore', env: { ...process.env, HOME: join(dir, 'home'), VSCODE_CLI: undefined } });
let browser;
let page;
const { step, fail, summary } = createSteps();
const shot = (name) => join(tmpdir(), `streamgate-ui-templates-${name}.png`);
async function finish() {
  try { await browser?.close(); } catch { /* already gone */ }
  try { process.kill(-server.pid, 'SIGKILL'); } catch { /* already gone */ }
  rmSync(dir, { recursive: true, force: true });
  console.log(`screenshots: ${shot('*')}`);
  process.exit(summary());
}
const watchdog = setTimeout(() => { fail(); console.error('  FAIL ui-e2e-templates timed out after 240 s'); void finish(); }, 240_000);
const row = (text) => page.locator('.monaco-list-row', { hasText: text }).first();
/** Expands a tree row (a click on a collapsed row's twistie), whatever its current state. */
async function expand(text) {
  const r = row(text);
  await r.waitFor({ timeout: 15_000 });
  for (let i = 0; i < 20 && (await r.getAttribute('aria-expanded')) !== 'true'; i++) {
    await r.locator('.monaco-tl-twistie').click();
    await page.waitForTimeout(250);
  }
}

try {
  await waitForCodeServer(port);
  browser = await launchChromium(chromium, env.VH_CHROMIUM);
  page = await browser.newPage({ viewport: { width: 1500, height: 950 } });
  await page.goto(`http://127.0.0.1:${port}/?folder=${encodeURIComponent(ws)}`);
  await page.waitForSelector('.monaco-workbench', { timeout: 60_000 });

  await step('"Serve Template Locally" from the palette serves the workspace\'s template.yaml beside the sample', async () => {
    await page.locator('.activitybar [aria-label^="StreamGate"]').first().click({ timeout: 30_000 });
    await row('StreamGate sample').waitFor({ timeout: 30_000 });
    await page.keyboard.press('F1');
    await page.waitForSelector('.quick-input-widget input', { timeout: 15_000 });
    await page.keyboard.type('StreamGate: Serve Template Locally', { delay: 10 });
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Serve Template Locally' }).first().waitFor({ timeout: 10_000 });
    await page.keyboard.press('Enter');
    await row('sam-streaming-chat').waitFor({ timeout: 30_000 });
  });

  await step('its methods are marked as coming from template.yaml', async () => {
    // Wide enough to read the descriptions in the screenshots.
    await expand('sam-streaming-chat');
    await expand('/summary');
    await row('AWS_PROXY · BUFFERED · 29 s · template.yaml').waitFor({ timeout: 15_000 });
    await expand('/chat');
    const chat = row(/AWS_PROXY · STREAM · 120 s · .*template\.yaml/);
    await chat.waitFor({ timeout: 15_000 });
    // The tooltip says where the method is declared.
    await chat.hover();
    await page.locator('.monaco-hover', { hasText: 'From template.yaml: ChatFunction (event Chat)' }).first().waitFor({ timeout: 10_000 });
    await page.screenshot({ path: shot('tree') });
    await page.mouse.move(700, 600);
  });

  await step('toggling /summary offers "Also change template.yaml"; the reviewed edit lands in the template', async () => {
    const summary = row('AWS_PROXY · BUFFERED · 29 s · template.yaml');
    await summary.hover();
    await summary.locator('.action-label[aria-label^="Switch to STREAM"]').click({ timeout: 10_000 });
    const also = page.locator('.notifications-toasts .monaco-button', { hasText: 'Also change template.yaml' }).first();
    await also.click({ timeout: 15_000 });
    // needsConfirmation: VS Code shows the edit in its Refactor Preview first.
    // needsConfirmation: VS Code shows the edit in its Refactor Preview, unticked, for review.
    const preview = page.locator('.monaco-list-row', { hasText: 'ResponseTransferMode: RESPONSE_STREAM' }).first();
    await preview.waitFor({ timeout: 15_000 });
    await page.screenshot({ path: shot('preview') });
    await page.locator('.monaco-list-row', { hasText: 'template.yaml' }).locator('.monaco-custom-toggle, .monaco-checkbox, input[type=checkbox]').first().click({ timeout: 10_000 });
    await page.locator('.monaco-button', { hasText: /^Apply$/ }).first().click({ timeout: 15_000 });
    await page.locator('.monaco-editor .view-line', { hasText: 'ResponseTransferMode: RESPONSE_STREAM' }).nth(1).waitFor({ timeout: 15_000 });
    await page.screenshot({ path: shot('edited') });
  });

  await step('saving the template re-imports it: /summary is STREAM and deployed (no "not deployed" mark)', async () => {
    await page.locator('.monaco-editor').first().click();
    await page.keyboard.press('Control+S');
    // The re-import replaces the API's resources (new ids), so the tree reloads them collapsed.
    // How long the re-import takes depends on the machine, so re-expand until the method shows.
    const reimported = page.locator('.monaco-list-row', { hasText: /AWS_PROXY · STREAM · 29 s · .*template\.yaml/ }).filter({ hasNotText: 'not deployed' }).first();
    const until = Date.now() + 30_000;
    for (;;) {
      await page.waitForTimeout(1000);
      await expand('/summary');
      if (await reimported.isVisible()) break;
      if (Date.now() > until) { await reimported.waitFor({ timeout: 1 }); }
    }
    const text = readFileSync(join(ws, 'template.yaml'), 'utf8');
    const summary = text.slice(text.indexOf('SummaryFunction:'), text.indexOf('ShellFunction:'));
    if (!/Method: get\n\s+ResponseTransferMode: RESPONSE_STREAM\n/.test(summary)) throw new Error(`template.yaml on disk:\n${summary}`);
    if (!text.includes('# The same words, buffered')) throw new Error('a comment was lost');
    // The re-import deployed it, so the "not deployed yet" notice is withdrawn.
    const notice = page.locator('.notifications-toasts', { hasText: 'not deployed yet' });
    for (let i = 0; i < 20 && (await notice.count()) > 0; i++) await page.waitForTimeout(250);
    if ((await notice.count()) > 0) throw new Error('the "not deployed yet" notice is still showing after the re-import deployed the API');
    await page.screenshot({ path: shot('reimported') });
  });
} catch {
  try { await page?.screenshot({ path: shot('failure') }); } catch { /* best effort */ }
} finally {
  clearTimeout(watchdog);
  await finish();
}
