// UI end-to-end scenarios for the request console's truth about a run (issue 12: 1–4, 6 console
// tab, 7–10), driven through VS Code's own UI in code-server. Imported by test/runners/ui-e2e.mjs
// after its own steps: /chat is then STREAM and deployed, with a 120 s timeout not deployed yet.
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const shotPath = (name) => join(tmpdir(), `streamgate-ui-console-${name}.png`);

/**
 * @param {{ page: import('playwright-core').Page, frame: () => Promise<import('playwright-core').Frame>,
 *   step: (name: string, fn: () => Promise<void>) => Promise<void>, gatewayPort: number, apiId: string, workspace: string }} ctx
 */
export async function consoleTruthScenarios({ page, frame, step, gatewayPort, apiId, workspace }) {
  const shots = [];
  const shot = async (name) => { const p = shotPath(name); await page.screenshot({ path: p }); shots.push(p); };
  let c = await frame();
  const statusText = () => c.locator('.status-bar').innerText();
  const historyCount = async () => Number((await c.locator('.view-tab[data-view="history"]').innerText()).match(/\((\d+)\)/)?.[1] ?? 0);
  /** Clicks Send (answering the not-deployed warning with `answer` when it appears) and waits for the run in history. */
  const send = async (answer) => {
    const before = await historyCount();
    await c.locator('vscode-button[data-action="send"]').click();
    if (answer) {
      const dialog = page.locator('.monaco-dialog-box');
      await dialog.waitFor({ timeout: 15_000 });
      await shot(`warning-${answer.replace(/\W+/g, '-').toLowerCase()}`);
      const message = await dialog.innerText();
      await dialog.locator('.monaco-button', { hasText: answer }).first().click();
      for (let i = 0; i < 600 && (await historyCount()) <= before; i++) await page.waitForTimeout(100);
      return message;
    }
    for (let i = 0; i < 600 && (await historyCount()) <= before; i++) await page.waitForTimeout(100);
    if ((await historyCount()) <= before) throw new Error(`the run did not end: ${await statusText()}`);
    return '';
  };
  const methodRow = (text) => page.locator('.monaco-list-row', { hasText: text }).first();
  const menu = async (row, name) => {
    await row.click({ button: 'right' });
    await page.waitForTimeout(600); // VS Code ignores a menu click right after the menu opened
    await page.locator('.context-view').getByRole('menuitem', { name }).first().click({ timeout: 10_000 });
  };
  const fillUrl = (url) => c.locator('vscode-textfield.url').locator('input').fill(url);
  const base = `http://127.0.0.1:${gatewayPort}/restapis/${apiId}/dev/_user_request_`;

  await step('console opened from the tree: each run records what dev serves at Send', async () => {
    const row = methodRow('AWS_PROXY · STREAM · 120 s');
    await row.hover({ timeout: 15_000 });
    await row.locator('.action-label[aria-label^="Open in Request Console"]').click({ timeout: 10_000 });
    await c.locator('.request-title', { hasText: 'GET /chat' }).waitFor({ timeout: 15_000 });
    await send(undefined);
    const s = await statusText();
    if (!/^GET \/chat · STREAM → 200 · done in .* · 4\d chunks · arrived streamed$/.test(s)) throw new Error(`status line: "${s}"`);
    const m = await c.locator('.mode-line .mode-text').innerText();
    if (m !== 'dev serves STREAM') throw new Error(`mode line: "${m}"`);
    await shot('1-stream');
  });

  await step('toggled to BUFFERED but not deployed: Send warns, and the run says dev still serves STREAM', async () => {
    const row = methodRow('AWS_PROXY · STREAM · 120 s');
    await row.hover();
    await row.locator('.action-label[aria-label^="Switch to BUFFERED"]').click({ timeout: 10_000 });
    await page.locator('.monaco-dialog-box .monaco-button', { hasText: 'Lower to 29,000 ms and switch' }).click({ timeout: 10_000 });
    await methodRow('AWS_PROXY · BUFFERED · 29 s · not deployed').waitFor({ timeout: 15_000 });
    const toast = page.locator('.notifications-toasts .notification-toast', { hasText: 'ANY /chat: BUFFERED, 29,000 ms — not deployed yet' }).first();
    await toast.waitFor({ timeout: 10_000 });
    // VS Code puts ": " between a progress notification's title and its message itself.
    const toastText = (await toast.innerText()).replace(/\s+/g, ' ');
    if (!toastText.includes('StreamGate sample: ANY /chat')) throw new Error(`the not-deployed notice reads "${toastText}"`);
    const warning = await send('Send Anyway');
    if (!warning.includes('BUFFERED configured, not deployed — dev still serves STREAM')) throw new Error(`warning: "${warning}"`);
    const s = await statusText();
    if (!s.startsWith('GET /chat · STREAM → 200')) throw new Error(`status line: "${s}"`);
    const m = await c.locator('.mode-line .mode-text').innerText();
    if (m !== 'BUFFERED configured, not deployed — dev still serves STREAM') throw new Error(`mode line: "${m}"`);
    await shot('2-not-deployed');
  });

  await step('"Deploy to dev and Send" deploys, withdraws the not-deployed notice, and the run is BUFFERED, arrived buffered', async () => {
    await send('Deploy to dev and Send');
    const s = await statusText();
    if (!/^GET \/chat · BUFFERED → 200 · done in .* · arrived buffered$/.test(s)) throw new Error(`status line: "${s}"`);
    const m = await c.locator('.mode-line .mode-text').innerText();
    if (m !== 'dev serves BUFFERED') throw new Error(`mode line: "${m}"`);
    await methodRow('AWS_PROXY · BUFFERED · 29 s').filter({ hasNotText: 'not deployed' }).waitFor({ timeout: 15_000 });
    await page.locator('.notifications-toasts', { hasText: 'not deployed yet' }).waitFor({ state: 'hidden', timeout: 10_000 });
    await shot('3-deployed-buffered');
  });
  await (await import('./hops.mjs')).hopsDoctorStep({ page, frame: async () => c, step, shot });

  await step('the stage says how long ago it was deployed, and that text ages', async () => {
    const stages = methodRow('Stages');
    if ((await stages.getAttribute('aria-expanded')) !== 'true') await stages.click();
    const dev = page.locator('.monaco-list-row', { hasText: /deployed \d+ s ago/ }).first();
    await dev.waitFor({ timeout: 15_000 });
    const first = Number((await dev.innerText()).match(/deployed (\d+) s ago/)?.[1]);
    let later = first;
    for (let i = 0; i < 120 && later === first; i++) {
      await page.waitForTimeout(100);
      later = Number((await page.locator('.monaco-list-row', { hasText: /deployed \d+ s ago/ }).first().innerText()).match(/deployed (\d+) s ago/)?.[1]);
    }
    if (!(later > first)) throw new Error(`still "deployed ${first} s ago" after 12 s`);
    await stages.click();
  });

  await step('History and Compare label both runs with the mode dev served and how they arrived', async () => {
    await c.locator('.view-tab[data-view="history"]').click();
    const badges = await c.locator('.history-list .h-mode').allInnerTexts();
    if (badges[0] !== 'BUFFERED · arrived buffered' || badges[2] !== 'STREAM · arrived streamed') throw new Error(`history badges: ${badges.join(' | ')}`);
    const heads = await c.locator('.history-list .h-url').allInnerTexts();
    if (heads.slice(0, 3).some((h) => h !== 'GET /chat')) throw new Error(`history heads: ${heads.join(' | ')}`);
    await c.locator('.history-list li').nth(2).locator('input[type=checkbox]').check();
    await c.locator('.history-list li').nth(0).locator('input[type=checkbox]').check();
    await c.locator('vscode-button[data-action="compare"]').click();
    await c.locator('.compare-column h4').first().waitFor({ timeout: 10_000 });
    const labels = await c.locator('.compare-column h4').allInnerTexts();
    if (labels[0] !== 'A STREAM · arrived streamed · GET /chat' || labels[1] !== 'B BUFFERED · arrived buffered · GET /chat') throw new Error(`compare labels: ${labels.join(' | ')}`);
    await shot('4-compare');
  });

  await step('STREAM configured but arrived buffered: "Why buffered?" asks the doctor, which names "not deployed" and deploys', async () => {
    await c.locator('.view-tab[data-view="run"]').click();
    const row = methodRow('AWS_PROXY · BUFFERED · 29 s');
    await row.hover();
    await row.locator('.action-label[aria-label^="Switch to STREAM"]').click({ timeout: 10_000 });
    await methodRow('AWS_PROXY · STREAM · 29 s · not deployed').waitFor({ timeout: 15_000 });
    await send('Send Anyway');
    const s = await statusText();
    if (!/^GET \/chat · BUFFERED → 200 · .* arrived buffered$/.test(s)) throw new Error(`status line: "${s}"`);
    await c.locator('vscode-button[data-action="explain-arrival"]').click({ timeout: 10_000 });
    const cause = page.locator('.quick-input-list .monaco-list-row', { hasText: 'Not deployed' }).first();
    await cause.waitFor({ timeout: 15_000 });
    await shot('10-why-buffered');
    await cause.click();
    await methodRow('AWS_PROXY · STREAM · 29 s').filter({ hasNotText: 'not deployed' }).waitFor({ timeout: 15_000 });
  });

  await step('the Auth and Parse as selects show their labels, also when chosen by keyboard', async () => {
    await c.locator('.request-more summary').click();
    const face = (label) => c.locator(`vscode-single-select[aria-label="${label}"]`).locator('.select-face .text').innerText();
    // Keys one by one, as a person types them: the dropdown needs a moment to open.
    const keys = async (...list) => { for (const k of list) { await page.keyboard.press(k); await page.waitForTimeout(200); } };
    const faceBecomes = async (label, want) => {
      let got = '';
      for (let i = 0; i < 30 && got !== want; i++) { got = await face(label); if (got !== want) await page.waitForTimeout(100); }
      if (got !== want) throw new Error(`${label} shows "${got}", expected "${want}"`);
    };
    await faceBecomes('Auth', 'No auth');
    await faceBecomes('Parse as', 'Auto (Content-Type)');
    await c.locator('vscode-single-select[aria-label="Auth"]').focus();
    await keys('Enter', 'ArrowDown', 'ArrowDown', 'Enter');
    await faceBecomes('Auth', 'Bearer token');
    await shot('5-selects');
    await c.locator('vscode-single-select[aria-label="Auth"]').focus();
    await keys('Enter', 'ArrowUp', 'ArrowUp', 'Enter');
    await faceBecomes('Auth', 'No auth');
    await c.locator('.request-more summary').click();
  });

  await step('a binary body shows as hex with its size, and Save body proposes the Content-Disposition name outside the workspace', async () => {
    await fillUrl(`${base}/download?mb=1`);
    // The heading named the method the console was opened on; an edited URL is no longer that method.
    const heading = await c.locator('.request-title').innerText();
    if (heading.includes('/chat')) throw new Error(`heading still says "${heading}" for ${base}/download`);
    await send(undefined);
    const tabLabel = page.locator('.tabs-container .tab.active .label-name').first();
    let tab = '';
    for (let i = 0; i < 50 && (tab = await tabLabel.innerText()) !== 'GET /download'; i++) await page.waitForTimeout(100);
    if (tab !== 'GET /download') throw new Error(`the console's tab says "${tab}" after sending to /download`);
    await c.locator('.view-tab[data-view="run"]').click();
    const note = await c.locator('.body-note').innerText();
    if (!note.includes('Binary body: 1.0 MiB (application/octet-stream), shown as hex')) throw new Error(`body note: "${note}"`);
    // The list follows the tail while data arrives: go to the top to read the first bytes.
    await c.locator('.hex-list').evaluate((e) => { e.scrollTop = 0; e.dispatchEvent(new Event('scroll')); });
    const hexRow = await c.locator('.hex-list .vlist-row[data-index="0"]').innerText({ timeout: 10_000 });
    if (!/^00000000\s+07 26 45 64/i.test(hexRow)) throw new Error(`hex row: "${hexRow}"`);
    await shot('6-binary-hex');
    await c.locator('vscode-button[data-action="save-body"]').click();
    const input = page.locator('.quick-input-widget input');
    await input.waitFor({ timeout: 10_000 });
    // The simple dialog fills in the folder first, then the name.
    let proposed = '';
    for (let i = 0; i < 50 && !proposed.endsWith('.bin'); i++) { proposed = await input.inputValue(); await page.waitForTimeout(100); }
    await shot('7-save-dialog');
    await page.keyboard.press('Escape');
    if (!proposed.endsWith('/sample-1MB.bin')) throw new Error(`save dialog proposed "${proposed}"`);
    if (proposed.startsWith(workspace)) throw new Error(`save dialog defaults into the workspace: "${proposed}"`);
    await c.locator('.feedback', { hasText: 'Save cancelled.' }).waitFor({ timeout: 10_000 });
  });

  await step('an error run shows as one: the size limit it hit in the summary, no Save body, a red Failed end', async () => {
    // 64 MB while BUFFERED: over Lambda's 6 MB buffered payload and API Gateway's 10 MB limit.
    await fillUrl(`${base}/download`);
    await send(undefined);
    const s = await statusText();
    if (!/→ 5\d\d · failed: .*(BUFFERED limit|maximum allowed payload size)/.test(s)) throw new Error(`status line: "${s}"`);
    if ((await c.locator('vscode-button[data-action="save-body"]').getAttribute('disabled')) === null) throw new Error('Save body is enabled on an error run');
    if ((await c.locator('#view-run .phase-item[data-phase="endMs"] .phase-label').innerText()) !== 'Failed') throw new Error('the end marker does not say Failed');
    await shot('8-error-run');
  });

  await step('after a window reload the console tab is restored with its request', async () => {
    // "Developer: Reload Window", as a person reloads: VS Code saves the editors' state first.
    await page.keyboard.press('F1');
    await page.waitForSelector('.quick-input-widget input', { timeout: 15_000 });
    await page.keyboard.type('Developer: Reload Window', { delay: 10 });
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Reload Window' }).first().waitFor({ timeout: 10_000 });
    // Wait for the new document, not the old workbench (and old webview) still on screen.
    const reloaded = page.waitForEvent('load', { timeout: 60_000 });
    await page.keyboard.press('Enter');
    await reloaded;
    await page.waitForSelector('.monaco-workbench .part.activitybar', { timeout: 60_000 });
    c = await frame();
    await c.locator('vscode-button[data-action="send"]').waitFor({ timeout: 30_000 });
    let url = '';
    for (let i = 0; i < 100 && !url.endsWith('/download'); i++) { url = await c.locator('vscode-textfield.url').locator('input').inputValue(); await page.waitForTimeout(100); }
    if (!url.endsWith('/download')) throw new Error(`restored console has URL "${url}"`);
    // Every label agrees with that URL: no heading of the /chat it was opened on, and the Target
    // select (the /chat method's stages) shows none of its targets, since the URL is none of them.
    const heading = (await c.locator('.request-title').innerText()).trim();
    if (heading.includes('/chat')) throw new Error(`restored console with URL …/download is headed "${heading}"`);
    let face = 'unread';
    for (let i = 0; i < 30 && face; i++) { face = (await c.locator('vscode-single-select[aria-label="Invoke target"] .select-face .text').innerText()).trim(); await page.waitForTimeout(100); }
    if (face) throw new Error(`restored console with URL …/download has the Target select reading "${face}"`);
    await shot('9-restored');
  });
  return shots;
}
