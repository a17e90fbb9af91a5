#!/usr/bin/env node
// End-to-end UI test: the extension installed in a real VS Code (code-server) driven through its
// UI by headless Chromium, as a user would: open the StreamGate view (local gateway + sample API
// visible), open the request console from the command palette, send a request to the sample
// /chat and watch chunks appear in the webview. Prints "N passed, N failed" like the other tiers.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { codeServerArgs, freePort, launchChromium, linkExtension, setUpVscodeHost, waitForCodeServer } from '../../scripts/vscodeHost.mjs';
import { createSteps } from './uiSteps.mjs';
import { prepareShell, shellScenarios, shellScreenshots } from '../ui-e2e/shell.mjs';

const env = setUpVscodeHost();

const dir = mkdtempSync(join(tmpdir(), 'sg-ui-'));
const [port, gatewayPort] = [await freePort(), await freePort()];
const ws = join(dir, 'ws'); const ext = join(dir, 'extensions'); const userData = join(dir, 'user-data');
for (const d of [ws, ext, join(userData, 'User'), join(dir, 'home')]) mkdirSync(d, { recursive: true });
prepareShell({ home: join(dir, 'home'), ws, gatewayPort });
// Installed, not just a development path: that is how a user (and `npm start`) gets it.
linkExtension(ext);
writeFileSync(join(userData, 'User', 'settings.json'), JSON.stringify({
  'workbench.startupEditor': 'none', 'streamgate.connection': 'local', 'streamgate.local.port': gatewayPort,
  'chat.disableAIFeatures': true, 'remote.autoForwardPorts': false,
}));

const server = spawn(env.VH_NODE24, codeServerArgs(env.VH_CODE_SERVER, { port, userData, extensionsDir: ext, workspace: ws }), { detached: true, stdio: 'ignore', env: { ...process.env, HOME: join(dir, 'home'), VSCODE_CLI: undefined } });
let browser;
const { step, fail, summary } = createSteps();
const screenshot = join(tmpdir(), 'streamgate-ui-e2e.png');
async function finish() {
  try { await browser?.close(); } catch { /* already gone */ }
  try { process.kill(-server.pid, 'SIGKILL'); } catch { /* already gone */ }
  rmSync(dir, { recursive: true, force: true });
  console.log(`screenshot: ${screenshot}`);
  console.log(`screenshots: ${Object.values(shellScreenshots).join(' ')}`);
  process.exit(summary());
}
const WATCHDOG_S = 600;
const watchdog = setTimeout(() => { fail(); console.error(`  FAIL ui-e2e timed out after ${WATCHDOG_S} s`); void finish(); }, WATCHDOG_S * 1000);

try {
  await waitForCodeServer(port);
  browser = await launchChromium(chromium, env.VH_CHROMIUM);
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  await page.goto(`http://127.0.0.1:${port}/?folder=${encodeURIComponent(ws)}`);
  await page.waitForSelector('.monaco-workbench', { timeout: 60_000 });

  await step('the StreamGate view shows the local gateway and the sample API', async () => {
    await page.locator('.activitybar [aria-label^="StreamGate"]').first().click({ timeout: 30_000 });
    await page.locator('.monaco-list-row', { hasText: 'Local gateway' }).first().waitFor({ timeout: 30_000 });
    await page.locator('.monaco-list-row', { hasText: 'StreamGate sample' }).first().waitFor({ timeout: 30_000 });
    await page.locator('.statusbar', { hasText: `StreamGate local :${gatewayPort}` }).waitFor({ timeout: 10_000 });
  });

  await step('a private integration shows in the tree with its plug icon and the VPC link\'s name and status', async () => {
    const cp = async (method, path, body) => {
      const res = await fetch(`http://127.0.0.1:${gatewayPort}${path}`, { method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
      return res.json();
    };
    const link = await cp('POST', '/vpclinks', { name: 'orders-link', targetArns: ['arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/net/orders/0123456789abcdef'] });
    const policy = JSON.stringify({ Statement: [{ Effect: 'Allow', Principal: '*', Action: 'execute-api:Invoke', Resource: 'execute-api:/*' }] });
    const api = await cp('POST', '/restapis', { name: 'Private orders', endpointConfiguration: { types: ['PRIVATE'] }, policy });
    const res = await cp('POST', `/restapis/${api.id}/resources/${api.rootResourceId}`, { pathPart: 'orders' });
    await cp('PUT', `/restapis/${api.id}/resources/${res.id}/methods/GET`, { authorizationType: 'NONE' });
    await cp('PUT', `/restapis/${api.id}/resources/${res.id}/methods/GET/integration`, { type: 'HTTP_PROXY', httpMethod: 'GET',
      uri: 'http://internal-nlb.example/orders', connectionType: 'VPC_LINK', connectionId: link.id, responseTransferMode: 'STREAM' });
    await new Promise((r) => setTimeout(r, 1100)); // PENDING → AVAILABLE
    await page.keyboard.press('F1');
    await page.waitForSelector('.quick-input-widget input', { timeout: 15_000 });
    await page.keyboard.type('StreamGate: Refresh', { delay: 10 });
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'StreamGate: Refresh' }).first().waitFor({ timeout: 10_000 });
    await page.keyboard.press('Enter');
    await page.locator('.monaco-list-row', { hasText: 'Private orders' }).first().click({ timeout: 30_000 });
    await page.locator('.monaco-list-row', { hasText: '/orders' }).first().click({ timeout: 15_000 });
    const row = page.locator('.monaco-list-row', { hasText: 'VPC link orders-link (AVAILABLE) · STREAM' }).first();
    await row.waitFor({ timeout: 15_000 });
    if (!(await row.locator('.codicon-plug').count())) throw new Error('the private integration row has no plug icon');
    // The hover shows the whole description and the link details the narrow sidebar cuts off.
    // VS Code shows a tree item's tooltip once the pointer rests on its label (not on its inline actions).
    const tooltip = page.locator('.monaco-hover', { hasText: 'Private integration over a VPC link' }).first();
    for (let i = 0; i < 5 && !(await tooltip.isVisible()); i++) {
      await page.mouse.move(700, 700);
      await row.locator('.monaco-icon-label').first().hover();
      await tooltip.waitFor({ timeout: 4_000 }).catch(() => undefined);
    }
    await tooltip.waitFor({ timeout: 1_000 });
    await page.screenshot({ path: join(tmpdir(), 'streamgate-ui-private.png') });
    await page.locator('.monaco-list-row', { hasText: 'Private orders' }).first().click();
  });

  const health = await (await fetch(`http://127.0.0.1:${gatewayPort}/__streamgate/health`)).json();
  const chatUrl = `http://127.0.0.1:${gatewayPort}/restapis/${health.sampleApiId}/dev/_user_request_/chat`;
  let console_;
  await step('"StreamGate: Open Request Console" from the command palette opens the console webview', async () => {
    await page.keyboard.press('F1');
    await page.waitForSelector('.quick-input-widget input', { timeout: 15_000 });
    await page.keyboard.type('StreamGate: Open Request Console', { delay: 10 });
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Open Request Console' }).first().waitFor({ timeout: 10_000 });
    await page.keyboard.press('Enter');
    const outer = await (await page.waitForSelector('iframe.webview', { timeout: 30_000 })).contentFrame();
    console_ = await (await outer.waitForSelector('#active-frame', { timeout: 30_000 })).contentFrame();
    await console_.locator('vscode-button[data-action="send"]').waitFor({ timeout: 30_000 });
  });

  await step('sending to the sample /chat shows chunks, stats and the assistant text', async () => {
    await console_.locator('vscode-textfield.url').locator('input').fill(chatUrl);
    await console_.locator('vscode-button[data-action="send"]').click();
    await console_.locator('.chunk-list .vlist-row').first().waitFor({ timeout: 30_000 });
    await console_.locator('.run-actions').waitFor({ state: 'visible', timeout: 30_000 });
    const rows = await console_.locator('.chunk-list .vlist-row').count();
    if (rows < 1) throw new Error('no chunk rows rendered');
    const body = await console_.locator('body').innerText();
    if (!/200/.test(body)) throw new Error('status 200 not shown');
    if (!/TTFB/i.test(body)) throw new Error('no TTFB stat shown');
    await console_.locator('vscode-tab-header[data-tab="text"]').click();
    const text = await console_.locator('.tab-text').innerText({ timeout: 10_000 });
    if (text.trim().length < 20) throw new Error(`assistant text not joined: "${text}"`);
  });

  const chunkCount = async () => Number((await console_.locator('.stats', { hasText: 'Chunks' }).innerText()).match(/Chunks\s*(\d+)/)?.[1] ?? 'NaN');
  const bufferedChunks = await chunkCount();

  await step('toggling /chat to STREAM in the tree and deploying to dev makes the console stream it', async () => {
    await page.locator('.monaco-list-row', { hasText: 'StreamGate sample' }).first().click();
    const chatRow = page.locator('.monaco-list-row[aria-level="4"]', { hasText: '/chat' }).first();
    await chatRow.click({ timeout: 15_000 });
    const anyRow = page.locator('.monaco-list-row', { hasText: 'AWS_PROXY · BUFFERED' }).first();
    await anyRow.hover({ timeout: 15_000 });
    await anyRow.locator('.action-label[aria-label^="Switch to STREAM"]').click({ timeout: 10_000 });
    const streamRow = page.locator('.monaco-list-row', { hasText: 'STREAM · 29 s · not deployed' }).first();
    await streamRow.waitFor({ timeout: 15_000 });
    await streamRow.click({ button: 'right' });
    // VS Code ignores a menu click that comes right after the menu opened (an accidental-select guard).
    await page.waitForTimeout(600);
    await page.locator('.context-view').getByRole('menuitem', { name: /Deploy to Stage/ }).first().click({ timeout: 10_000 }).catch((e) => { throw new Error(`menu: ${e.message}`); });
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'dev' }).first().click({ timeout: 14_000 }).catch((e) => { throw new Error(`stage pick: ${e.message}`); });
    await page.locator('.monaco-dialog-box .monaco-button', { hasText: 'Deploy' }).first().click({ timeout: 13_000 }).catch((e) => { throw new Error(`confirm: ${e.message}`); });
    await page.locator('.monaco-list-row', { hasText: 'AWS_PROXY · STREAM · 29 s' }).filter({ hasNotText: 'not deployed' }).first().waitFor({ timeout: 15_000 });

    await console_.locator('vscode-button[data-action="send"]').click();
    await console_.locator('.run-actions').waitFor({ state: 'hidden', timeout: 10_000 }).catch(() => undefined);
    await console_.locator('.run-actions').waitFor({ state: 'visible', timeout: 30_000 });
    const streamed = await chunkCount();
    if (!(streamed > bufferedChunks + 5)) throw new Error(`expected many more chunks when streaming: ${streamed} vs ${bufferedChunks}`);
    await page.screenshot({ path: screenshot });
  });

  await step('Set Integration Timeout validates as the user types and applies a valid value', async () => {
    const row = page.locator('.monaco-list-row', { hasText: 'AWS_PROXY · STREAM' }).first();
    await row.click({ button: 'right' });
    await page.waitForTimeout(600);
    await page.locator('.context-view').getByRole('menuitem', { name: /Set Integration Timeout/ }).first().click({ timeout: 10_000 });
    const input = page.locator('.quick-input-widget input');
    await input.waitFor({ timeout: 10_000 });
    await input.fill('950000');
    const message = page.locator('.quick-input-widget .quick-input-message');
    await message.filter({ hasText: 'between 50 ms and 900000 ms' }).waitFor({ timeout: 10_000 });
    await input.fill('120000');
    await message.filter({ hasText: 'between 50 ms and 900000 ms' }).waitFor({ state: 'hidden', timeout: 10_000 });
    await page.keyboard.press('Enter');
    await page.locator('.monaco-list-row', { hasText: 'STREAM · 120 s · not deployed' }).first().waitFor({ timeout: 15_000 });
  });

  await step('comparing the BUFFERED and the STREAM run shows both timelines side by side', async () => {
    await console_.locator('.view-tab[data-view="history"]').click();
    const items = console_.locator('.history-list li');
    await items.nth(1).waitFor({ timeout: 10_000 });
    await items.nth(0).locator('input[type=checkbox]').check();
    await items.nth(1).locator('input[type=checkbox]').check();
    await console_.locator('vscode-button[data-action="compare"]').click();
    await console_.locator('.compare').waitFor({ state: 'visible', timeout: 10_000 });
    const ttfbs = (await console_.locator('.compare-column [data-stat="ttfbMs"] .stat-value').allInnerTexts())
      .map((t) => (t.endsWith(' s') ? parseFloat(t) * 1000 : parseFloat(t)));
    if (ttfbs.length !== 2) throw new Error(`expected two compared runs, got ${ttfbs.length}`);
    const [slow, fast] = [Math.max(...ttfbs), Math.min(...ttfbs)];
    if (!(slow > 1500 && fast < slow / 4)) throw new Error(`TTFBs should differ like BUFFERED vs STREAM: ${ttfbs.join(' / ')} ms`);
    await page.screenshot({ path: screenshot });
  });

  // Scenario modules (one file per area, so several engineers can add theirs without conflicts).
  const consoleFrame = async () => (await (await (await page.waitForSelector('iframe.webview', { timeout: 30_000 })).contentFrame())
    .waitForSelector('#active-frame', { timeout: 30_000 })).contentFrame();
  const { consoleTruthScenarios } = await import('../ui-e2e/console-truth.mjs');
  const shots = await consoleTruthScenarios({ page, frame: consoleFrame, step, gatewayPort, apiId: health.sampleApiId, workspace: ws });
  console.log(`console screenshots: ${shots.join(' ')}`);
  // Last: it reloads the window.
  await shellScenarios({ page, step, gatewayPort, ws });
} catch {
  await page_screenshot_safe();
} finally {
  clearTimeout(watchdog);
  await finish();
}

async function page_screenshot_safe() {
  try { const [p] = browser?.contexts()[0]?.pages() ?? []; await p?.screenshot({ path: screenshot }); } catch { /* best effort */ }
}
