// UI end-to-end scenarios for the extension's shell, driven through VS Code's own UI (code-server
// in Chromium) by test/runners/ui-e2e.mjs: the console opened from the view title lists every
// target; "Select Connection" offers the local gateway and the AWS profiles of ~/.aws; a CodeLens
// click streams a request from an .http file with variables and an environment; Stop keeps the
// local gateway stopped; a window reload keeps the API id; the walkthrough's steps are complete.
import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const shellScreenshots = {
  targets: join(tmpdir(), 'streamgate-ui-shell-targets.png'),
  connection: join(tmpdir(), 'streamgate-ui-shell-connection.png'),
  http: join(tmpdir(), 'streamgate-ui-shell-http.png'),
  stopped: join(tmpdir(), 'streamgate-ui-shell-stopped.png'),
  reloaded: join(tmpdir(), 'streamgate-ui-shell-reloaded.png'),
  walkthrough: join(tmpdir(), 'streamgate-ui-shell-walkthrough.png'),
};

/**
 * Before code-server starts: AWS shared config and credentials files in the test HOME, and the
 * workspace's REST Client environments (loaded with the window, as a user's would be).
 */
export function prepareShell({ home, ws, gatewayPort }) {
  mkdirSync(join(ws, '.vscode'), { recursive: true });
  writeFileSync(join(ws, '.vscode', 'settings.json'), JSON.stringify({ 'rest-client.environmentVariables': {
    $shared: { gateway: `http://127.0.0.1:${gatewayPort}` }, local: { stage: 'dev' }, staging: { stage: 'staging' },
  } }));
  mkdirSync(join(home, '.aws'), { recursive: true });
  writeFileSync(join(home, '.aws', 'config'), [
    '[default]', 'region = us-west-2', '',
    '[profile dev-sso]', 'sso_session = corp', 'sso_account_id = 111111111111', 'sso_role_name = Developer', 'region = ap-northeast-1', '',
    '[sso-session corp]', 'sso_start_url = https://corp.awsapps.com/start', 'sso_region = us-east-1', '',
  ].join('\n'));
  writeFileSync(join(home, '.aws', 'credentials'), ['[ci-keys]', 'aws_access_key_id = AKIAEXAMPLEEXAMPLE', 'aws_secret_access_key = notreal', ''].join('\n'));
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function palette(page, command, { pick } = {}) {
  await page.keyboard.press('Escape');
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ timeout: 15_000 });
  await input.fill(`>${command}`);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: pick ?? command.replace(/^[^:]+:\s*/, '') }).first().waitFor({ timeout: 15_000 });
  await page.keyboard.press('Enter');
}

/**
 * Shows the StreamGate view. Clicking its activity bar icon toggles the sidebar, so a click that
 * lands while the workbench is still restoring the view (after a reload) closes it again: click,
 * give the header a few seconds, and click again only if it still is not there.
 */
async function showView(page) {
  // A container with one view shows its title (and the view's title actions) in the sidebar's title bar.
  const header = page.locator('.part.sidebar .composite.title', { hasText: 'StreamGate' }).first();
  const icon = page.locator('.activitybar [aria-label^="StreamGate"]').first();
  const deadline = Date.now() + 60_000;
  while (!(await header.isVisible().catch(() => false))) {
    if (Date.now() > deadline) throw new Error('the StreamGate view did not show within 60 s of clicking its activity bar icon');
    await icon.click({ timeout: 30_000 });
    await header.waitFor({ timeout: 5_000 }).catch(() => undefined);
  }
}

async function consoleFrame(page) {
  const outer = await (await page.waitForSelector('iframe.webview', { timeout: 30_000 })).contentFrame();
  const inner = await (await outer.waitForSelector('#active-frame', { timeout: 30_000 })).contentFrame();
  await inner.locator('vscode-button[data-action="send"]').waitFor({ timeout: 30_000 });
  return inner;
}

async function health(gatewayPort) {
  return (await fetch(`http://127.0.0.1:${gatewayPort}/__streamgate/health`)).json();
}

export async function shellScenarios({ page, step, gatewayPort, ws }) {
  const { sampleApiId } = await health(gatewayPort);
  const invoke = (path) => `http://127.0.0.1:${gatewayPort}/restapis/${sampleApiId}/dev/_user_request_${path}`;

  await step('the console opened from the view title lists every stage target and starts on one (not an empty URL)', async () => {
    await palette(page, 'View: Close All Editors');
    await page.locator('iframe.webview').first().waitFor({ state: 'detached', timeout: 15_000 }).catch(() => undefined);
    await showView(page);
    await page.locator('.part.sidebar .composite.title').first().hover();
    await page.locator('.part.sidebar .title-actions .action-label[aria-label="Open Request Console"]').first().click({ timeout: 15_000 });
    const frame = await consoleFrame(page);
    const urlField = frame.locator('vscode-textfield.url').locator('input');
    // The host sends the prefill once the webview says it is ready.
    let url = '';
    for (let i = 0; i < 40 && !(url = await urlField.inputValue()); i++) await sleep(250);
    if (url !== invoke('/chat')) throw new Error(`URL field: "${url}", expected the first target ${invoke('/chat')}`);
    const options = await frame.locator('vscode-single-select[aria-label="Invoke target"] vscode-option').allTextContents();
    // Each route with the method the API defines for it: the sample's /chat is ANY.
    for (const [verb, p] of [['ANY', '/chat'], ['GET', '/download'], ['GET', '/long'], ['GET', '/ndjson']]) {
      if (!options.some((o) => o.includes(`dev — ${verb} ${p}`) && o.includes(invoke(p)))) throw new Error(`target ${verb} ${p} missing: ${options.join(' | ')}`);
    }
    await page.screenshot({ path: shellScreenshots.targets });
  });

  await step('"Select Connection" (status bar) offers the local gateway, each AWS profile with its region (SSO marked) and "Other region…"', async () => {
    const item = page.locator('.statusbar-item', { hasText: 'Local gateway' }).first();
    await item.waitFor({ timeout: 15_000 });
    await item.click();
    const rows = page.locator('.quick-input-list .monaco-list-row');
    await rows.filter({ hasText: 'Other region' }).first().waitFor({ timeout: 15_000 });
    const labels = (await rows.allInnerTexts()).map((t) => t.replace(/\s+/g, ' '));
    const expect = [/Local gateway.*127\.0\.0\.1:\d+/, /Automatic/, /default.*us-west-2/, /ci-keys/, /dev-sso.*SSO.*ap-northeast-1/, /Other region/];
    for (const re of expect) if (!labels.some((l) => re.test(l))) throw new Error(`no quick pick item matching ${re}: ${labels.join(' | ')}`);
    if (labels.some((l) => /corp/.test(l))) throw new Error('an sso-session section was listed as a profile');
    await page.screenshot({ path: shellScreenshots.connection });
    await page.keyboard.press('Escape');
  });

  await step('a CodeLens click streams a request from an .http file with variables and an environment', async () => {
    writeFileSync(join(ws, 'chat.http'), [
      `@apiId = ${sampleApiId}`, '@base = {{gateway}}/restapis/{{apiId}}/{{stage}}/_user_request_', '',
      '### Sample chat', '# @name chat', 'POST {{base}}/chat', 'Content-Type: application/json', 'X-Request-Id: {{$guid}}', '',
      '{"prompt": "Say hello"}', '', '###', 'GET {{base}}/{{notDefinedAnywhere}}', '',
    ].join('\n'));
    await page.keyboard.press('Escape');
    await page.keyboard.press('Control+P');
    await page.locator('.quick-input-widget input').fill('chat.http');
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'chat.http' }).first().click({ timeout: 15_000 });
    const lens = page.locator('.codelens-decoration a', { hasText: 'Stream in StreamGate' });
    await lens.first().waitFor({ timeout: 30_000 });
    if ((await lens.count()) !== 2) throw new Error(`expected a lens over each of the 2 requests, got ${await lens.count()}`);
    await page.locator('.squiggly-error').first().waitFor({ timeout: 15_000 }).catch(() => { throw new Error('no error squiggle for the unresolved variable'); });
    await lens.first().click();
    // First use: choose the environment.
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'local' }).first().click({ timeout: 15_000 });
    const frame = await consoleFrame(page);
    await frame.locator('.run-actions').waitFor({ state: 'visible', timeout: 30_000 });
    const body = await frame.locator('body').innerText();
    if (!/200/.test(body)) throw new Error('status 200 not shown after the CodeLens run');
    const chunks = Number((await frame.locator('.stats', { hasText: 'Chunks' }).innerText()).match(/Chunks\s*(\d+)/)?.[1] ?? 'NaN');
    if (!(chunks >= 1)) throw new Error(`no chunks: ${chunks}`);
    const url = await frame.locator('vscode-textfield.url').locator('input').inputValue();
    if (url !== invoke('/chat')) throw new Error(`the console got ${url}`);
    await page.screenshot({ path: shellScreenshots.http });
  });

  await step('"Stop Local Gateway" stops it and it stays stopped (status bar, tree) until Start; Start when running says so', async () => {
    await palette(page, 'StreamGate: Stop Local Gateway');
    await page.locator('.statusbar', { hasText: 'StreamGate local: stopped' }).waitFor({ timeout: 15_000 });
    await showView(page);
    await sleep(3000);
    const bar = await page.locator('.statusbar').innerText();
    if (!bar.includes('StreamGate local: stopped') || bar.includes(`StreamGate local :`)) throw new Error(`status bar after 3 s: ${bar.replace(/\s+/g, ' ')}`);
    await page.locator('.welcome-view-content', { hasText: 'The StreamGate local gateway is stopped' }).first().waitFor({ timeout: 10_000 });
    if (await page.locator('.monaco-list-row', { hasText: 'StreamGate sample' }).count()) throw new Error('the tree still lists the sample API');
    const alive = await fetch(`http://127.0.0.1:${gatewayPort}/__streamgate/health`).then(() => true, () => false);
    if (alive) throw new Error('the gateway answers after Stop');
    await page.screenshot({ path: shellScreenshots.stopped });

    await palette(page, 'StreamGate: Start Local Gateway');
    await page.locator('.statusbar', { hasText: `StreamGate local :${gatewayPort}` }).waitFor({ timeout: 15_000 });
    await page.locator('.monaco-list-row', { hasText: 'StreamGate sample' }).first().waitFor({ timeout: 15_000 });
    await palette(page, 'StreamGate: Start Local Gateway');
    await page.locator('.notification-toast', { hasText: 'already running' }).first().waitFor({ timeout: 10_000 });
  });

  await step('"Developer: Reload Window" keeps the API id and its toggled /chat (state in global storage)', async () => {
    const before = (await health(gatewayPort)).sampleApiId;
    if (before !== sampleApiId) throw new Error(`Stop/Start changed the API id: ${sampleApiId} → ${before}`);
    // Wait for the new document, not the old workbench that is still on screen when the command runs.
    const reloaded = page.waitForEvent('load', { timeout: 60_000 });
    await palette(page, 'Developer: Reload Window');
    await reloaded;
    await page.waitForSelector('.monaco-workbench .part.activitybar', { timeout: 60_000 });
    await showView(page);
    const apiRow = page.locator('.monaco-list-row', { hasText: 'StreamGate sample' }).first();
    await apiRow.waitFor({ timeout: 30_000 });
    const description = await apiRow.innerText();
    if (!description.includes(sampleApiId)) throw new Error(`after reload the tree shows "${description.replace(/\s+/g, ' ')}", not ${sampleApiId}`);
    const after = (await health(gatewayPort)).sampleApiId;
    if (after !== sampleApiId) throw new Error(`the reloaded gateway serves ${after}, not ${sampleApiId}`);
    await apiRow.click();
    await page.locator('.monaco-list-row[aria-level="4"]', { hasText: '/chat' }).first().click({ timeout: 15_000 });
    await page.locator('.monaco-list-row', { hasText: 'AWS_PROXY · STREAM' }).first().waitFor({ timeout: 15_000 });
    await page.screenshot({ path: shellScreenshots.reloaded });
  });

  await step('the "Get started with StreamGate" walkthrough opens, and doing its four steps completes each', async () => {
    // VS Code tracks completion events while its walkthrough service runs (it starts with the Welcome editor).
    await palette(page, 'Welcome: Open Walkthrough...', { pick: 'Open Walkthrough' });
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Get started with StreamGate' }).first().click({ timeout: 15_000 });
    const steps = page.locator('.getting-started-step');
    await steps.filter({ hasText: 'Start the local gateway' }).first().waitFor({ timeout: 20_000 });
    if (process.env.SG_UI_DEBUG) await page.screenshot({ path: join(tmpdir(), 'sg-debug-walkthrough-open.png') });
    // A step rendered done carries "complete"; one completed while shown gets its checkbox badge checked.
    const isDone = async (t) => {
      const el = steps.filter({ hasText: t }).first();
      if (/\bcomplete\b/.test((await el.getAttribute('class')) ?? '')) return true;
      return (await el.locator('[data-done-step-id]').first().getAttribute('aria-checked').catch(() => null)) === 'true';
    };

    // 1. Start the local gateway: the step's own button (the gateway already runs, so it says so).
    await page.locator('.getting-started-step.expanded a, .getting-started-step.expanded .button-link, .getting-started-step.expanded .monaco-button', { hasText: 'Start Local Gateway' }).first().click({ timeout: 10_000 });
    await page.locator('.notification-toast', { hasText: 'already running' }).first().waitFor({ timeout: 10_000 });
    for (let i = 0; i < 20 && !(await isDone('Start the local gateway')); i++) await sleep(250);
    if (!(await isDone('Start the local gateway'))) throw new Error('step "Start the local gateway" is not complete after its button');
    // 2. Switch /chat to STREAM (it is STREAM from before the reload: back to BUFFERED, lowering the timeout, then STREAM).
    await showView(page);
    const apiRow = page.locator('.monaco-list-row', { hasText: 'StreamGate sample' }).first();
    await apiRow.waitFor({ timeout: 15_000 });
    // A restarted gateway is a new connection node: the tree shows it collapsed again.
    if ((await apiRow.getAttribute('aria-expanded')) !== 'true') await apiRow.click();
    const chatRow = page.locator('.monaco-list-row[aria-level="4"]', { hasText: '/chat' }).first();
    if ((await chatRow.getAttribute('aria-expanded')) !== 'true') await chatRow.click({ timeout: 15_000 });
    const streamRow = page.locator('.monaco-list-row', { hasText: 'AWS_PROXY · STREAM' }).first();
    await streamRow.hover({ timeout: 15_000 });
    await streamRow.locator('.action-label[aria-label^="Switch to BUFFERED"]').click({ timeout: 10_000 });
    await page.locator('.monaco-dialog-box .monaco-button', { hasText: 'Lower to' }).first().click({ timeout: 10_000 }).catch(() => undefined);
    const bufferedRow = page.locator('.monaco-list-row', { hasText: 'AWS_PROXY · BUFFERED' }).first();
    await bufferedRow.hover({ timeout: 15_000 });
    await bufferedRow.locator('.action-label[aria-label^="Switch to STREAM"]').click({ timeout: 10_000 });
    // 3. Deploy to dev.
    const undeployed = page.locator('.monaco-list-row', { hasText: 'STREAM · 29 s · not deployed' }).first();
    await undeployed.waitFor({ timeout: 15_000 });
    await undeployed.click({ button: 'right' });
    await sleep(600);
    await page.locator('.context-view').getByRole('menuitem', { name: /Deploy to Stage/ }).first().click({ timeout: 10_000 });
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'dev' }).first().click({ timeout: 14_000 });
    await page.locator('.monaco-dialog-box .monaco-button', { hasText: 'Deploy' }).first().click({ timeout: 13_000 });
    await page.locator('.monaco-list-row', { hasText: 'AWS_PROXY · STREAM · 29 s' }).filter({ hasNotText: 'not deployed' }).first().waitFor({ timeout: 15_000 });
    // 4. Send from the console: opening it from the palette completes the step.
    await palette(page, 'StreamGate: Open Request Console');
    await consoleFrame(page);

    // The Welcome editor opened as a preview, so the console took its place: open it again.
    await palette(page, 'Welcome: Open Walkthrough...', { pick: 'Open Walkthrough' });
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Get started with StreamGate' }).first().click({ timeout: 15_000 });
    await steps.filter({ hasText: 'Start the local gateway' }).first().waitFor({ timeout: 20_000 });
    const titles = ['Start the local gateway', 'Switch /chat to STREAM', 'Deploy to dev', 'Send it and compare with BUFFERED'];
    for (const t of titles) {
      for (let i = 0; i < 20 && !(await isDone(t)); i++) await sleep(250);
      if (!(await isDone(t))) throw new Error(`step "${t}" is not complete`);
    }
    await page.screenshot({ path: shellScreenshots.walkthrough });
  });
}
