// The request console inside VS Code: open it from the tree and from the command palette, send
// to the local gateway's /chat in BUFFERED and in STREAM, and the first-byte times differ.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { StreamGateTestHooks } from '../../src/extension/extension';
import type { RunSummary } from '../../src/shared/protocol';
import { findMethod, startLocalConnection, waitFor } from './helpers';

describe('request console', function () {
  this.timeout(120_000);
  let api: StreamGateTestHooks;

  before(async () => {
    api = await startLocalConnection();
  });

  it('opens from the command palette', async () => {
    const handle = await vscode.commands.executeCommand<{ panel: vscode.WebviewPanel }>('streamgate.console.open');
    assert.ok(handle?.panel, `the console opened: ${api.lastError()}`);
    assert.match(handle.panel.title, /Request Console/);
    const tab = await waitFor('the console tab', () => vscode.window.tabGroups.all.flatMap((g) => g.tabs).find((t) => t.label === handle.panel.title));
    assert.ok(tab.isActive, 'the console tab is in front');
  });

  it('opens from the tree prefilled with the invoke URL; STREAM brings the first byte far earlier than BUFFERED', async () => {
    const gw = api.local.current!;
    const chat = await findMethod(api, gw.sampleApiId!, '/chat', 'ANY');
    if (chat.integration?.responseTransferMode === 'STREAM') {
      await vscode.commands.executeCommand('streamgate.toggleStreaming', chat);
      await vscode.commands.executeCommand('streamgate.deploy', chat, 'dev');
    }
    const panel = await vscode.commands.executeCommand<{ send(): Promise<RunSummary | undefined> }>('streamgate.openInConsole', chat);
    assert.ok(panel, `console opened: ${api.lastError()}`);
    const buffered = (await panel.send())!;
    assert.equal(buffered.outcome, 'complete');
    assert.equal(buffered.status, 200);
    assert.deepEqual(buffered.mode, { served: 'BUFFERED', configured: 'BUFFERED', stage: 'dev', exact: true });
    assert.equal(buffered.arrival, 'buffered');

    await vscode.commands.executeCommand('streamgate.toggleStreaming', chat);
    await vscode.commands.executeCommand('streamgate.deploy', chat, 'dev');
    const streamed = (await panel.send())!;
    assert.equal(streamed.outcome, 'complete');
    // Read from the stage at Send, not from when the console was opened.
    assert.deepEqual(streamed.mode, { served: 'STREAM', configured: 'STREAM', stage: 'dev', exact: true });
    assert.equal(streamed.arrival, 'streamed');
    assert.ok(streamed.chunkCount > buffered.chunkCount, `more chunks when streaming (${streamed.chunkCount} vs ${buffered.chunkCount})`);
    assert.ok(streamed.ttfbMs! < buffered.ttfbMs! / 2,
      `STREAM first byte ${streamed.ttfbMs!.toFixed(0)} ms vs BUFFERED ${buffered.ttfbMs!.toFixed(0)} ms`);
    assert.ok(buffered.ttfbMs! > buffered.endMs! * 0.8, 'BUFFERED: first byte arrives near the end');
  });
});
