// UI end-to-end scenario for the console's Hops view (issue 16), driven through VS Code in
// code-server. Runs after test/runners/ui-e2e.mjs sent the sample /chat BUFFERED and then STREAM
// through the real local gateway and compared the two: no extra runs, so it costs seconds.
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const shotPath = (name) => join(tmpdir(), `streamgate-ui-hops-${name}.png`);

/**
 * @param {{ page: import('playwright-core').Page, frame: () => Promise<import('playwright-core').Frame>,
 *   step: (name: string, fn: () => Promise<void>) => Promise<void> }} ctx
 */
export async function hopsScenarios({ page, frame, step }) {
  const shots = [];
  const shot = async (name) => { const p = shotPath(name); await page.screenshot({ path: p }); shots.push(p); };
  const c = await frame();
  const hopsTab = () => c.locator('#view-run .view-tab[data-view="hops"]');
  /** The diagnosis line as a person reads it, once the trace is in. */
  const diagnosis = async (scope) => {
    const line = c.locator(`${scope} .trace-diagnosis-text`).first();
    await line.waitFor({ state: 'visible', timeout: 15_000 });
    return line.innerText();
  };

  await step('Compare shows the hops of both runs, A above B on one axis, each with its diagnosis', async () => {
    await c.locator('.compare-lanes .compare-lane').nth(1).waitFor({ timeout: 10_000 });
    const texts = await c.locator('.compare-lanes .trace-diagnosis-text').allInnerTexts();
    const buffered = texts.findIndex((t) => /^buffered at the gateway: the function returned its whole result at .*, the gateway's first content to the client was at .* \(BUFFERED on stage dev\)$/.test(t));
    const streamed = texts.indexOf('streamed end to end');
    if (buffered < 0 || streamed < 0) throw new Error(`compare diagnoses: ${texts.join(' | ')}`);
    const axes = await c.locator('.compare-lanes .lanes-canvas').evaluateAll((cs) => cs.map((e) => `${e.dataset.fromMs}…${e.dataset.toMs}`));
    if (axes.length !== 2 || axes[0] !== axes[1]) throw new Error(`the two runs' lanes do not share an axis: ${axes.join(' / ')}`);
    await c.locator('.compare-lanes').scrollIntoViewIfNeeded();
    await shot('compare');
  });

  await step('the STREAM run\'s Hops: "streamed end to end", and a client chunk names the function write it carried', async () => {
    await c.locator('.view-tab[data-view="run"]').click();
    const tab = await hopsTab().innerText();
    if (tab !== 'Hops · streamed') throw new Error(`the Hops tab says "${tab}"`);
    await hopsTab().click();
    const d = await diagnosis('#view-hops');
    if (d !== 'streamed end to end') throw new Error(`diagnosis: "${d}"`);
    const labels = await c.locator('#view-hops .lane-label').allInnerTexts();
    const writes = Number(labels[0]?.match(/([\d,]+) writes/)?.[1]?.replace(/,/g, '') ?? 0);
    if (!(writes >= 40) || !/STREAMED · \d+ writes/.test(labels[1] ?? '') || !/\d+ chunks/.test(labels[2] ?? '')) throw new Error(`lane labels: ${labels.join(' | ')}`);
    // Hover the middle of the client lane: the nearest chunk and the write it carried.
    const canvas = c.locator('#view-hops .lanes-canvas');
    const box = await canvas.boundingBox();
    const tip = c.locator('#view-hops .lanes-tip');
    let text = '';
    for (let dx = 0; dx < 40 && !/carried function write/.test(text); dx += 2) {
      await page.mouse.move(box.x + box.width / 2 + dx, box.y + 96);
      text = await tip.innerText();
    }
    if (!/^Client chunk \d+ of \d+ at .* carried function write \d+ of \d+ \(written at .*\)\.$/.test(text)) throw new Error(`hover tip: "${text}"`);
    await shot('stream-hover');
  });

  await step('the BUFFERED run from History: "buffered at the gateway …" with its evidence and the doctor link', async () => {
    await c.locator('.view-tab[data-view="history"]').click();
    const items = c.locator('.history-list li');
    const n = await items.count();
    let opened = false;
    for (let i = 0; i < n && !opened; i++) {
      if ((await items.nth(i).locator('.h-mode').innerText().catch(() => '')).includes('arrived buffered')) {
        await items.nth(i).locator('.history-open').click();
        opened = true;
      }
    }
    if (!opened) throw new Error('no buffered run in history');
    await c.locator('.body-note', { hasText: 'A run from history' }).waitFor({ timeout: 10_000 });
    const tab = await hopsTab().innerText();
    if (tab !== 'Hops · buffered at the gateway') throw new Error(`the Hops tab says "${tab}"`);
    await hopsTab().click();
    const d = await diagnosis('#view-hops');
    if (!/^buffered at the gateway: the function returned its whole result at \d.* \(a BUFFERED integration invokes it without streaming\), the gateway's first content to the client was at .* \(BUFFERED on stage dev\)$/.test(d)) throw new Error(`diagnosis: "${d}"`);
    const fix = await c.locator('#view-hops .trace-fix').innerText();
    if (fix !== 'Switch to STREAM and deploy…') throw new Error(`doctor link: "${fix}"`);
    const labels = await c.locator('#view-hops .lane-label').allInnerTexts();
    if (!/returned whole/.test(labels[0] ?? '') || !/BUFFERED · 1 write/.test(labels[1] ?? '') || !/\d+ chunks?$/.test(labels[2] ?? '')) throw new Error(`lane labels: ${labels.join(' | ')}`);
    await shot('buffered');
    // Back to the chart, as the scenarios after this one expect the run view.
    await c.locator('#view-run .view-tab[data-view="chart"]').click();
  });
  return shots;
}

/**
 * The doctor link of a BUFFERED run sent from a console opened on the method (console-truth.mjs
 * calls this right after its deployed-BUFFERED run): it opens the streaming doctor on the gateway
 * hop with the fix that applies. Escape leaves the integration as it is for the steps after it.
 */
export async function hopsDoctorStep({ page, frame, step, shot }) {
  await step('the Hops view\'s doctor link opens the streaming doctor on the gateway hop, offering "Switch to STREAM"', async () => {
    const c = await frame();
    await c.locator('#view-run .view-tab[data-view="hops"]').click();
    const line = c.locator('#view-hops .trace-diagnosis-text');
    await line.waitFor({ state: 'visible', timeout: 15_000 });
    const d = await line.innerText();
    if (!d.startsWith('buffered at the gateway: ')) throw new Error(`diagnosis: "${d}"`);
    await c.locator('#view-hops .trace-fix').click();
    const cause = page.locator('.quick-input-list .monaco-list-row', { hasText: 'The integration is BUFFERED' }).first();
    await cause.waitFor({ timeout: 15_000 });
    const title = await page.locator('.quick-input-widget .quick-input-title').innerText();
    if (!title.includes('was buffered at the gateway')) throw new Error(`doctor title: "${title}"`);
    if (!(await cause.innerText()).includes('Fix: Switch to STREAM (then deploy)')) throw new Error(`cause: "${await cause.innerText()}"`);
    await shot('11-hops-doctor');
    await page.keyboard.press('Escape');
    await cause.waitFor({ state: 'hidden', timeout: 10_000 });
    await c.locator('#view-run .view-tab[data-view="chart"]').click();
  });
}
