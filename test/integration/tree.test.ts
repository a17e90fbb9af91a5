// The REST API tree inside VS Code against the embedded local gateway: expand, toggle to
// STREAM, see the mark, deploy, and the data plane streams; invalid timeouts; undo; errors.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { StreamGateTestHooks } from '../../src/extension/extension';
import { children, findMethod as findIn, isApiNode, isConnectionNode, isErrorNode, setSetting, startLocalConnection, waitFor } from './helpers';

/** Time to the first body byte and to the end, for a GET to the invoke URL. */
async function measure(url: string): Promise<{ firstByteMs: number; endMs: number; body: string }> {
  const t0 = performance.now();
  const res = await fetch(url);
  const reader = res.body!.getReader();
  let firstByteMs = -1;
  let body = '';
  const decoder = new TextDecoder();
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    if (firstByteMs < 0) firstByteMs = performance.now() - t0;
    body += decoder.decode(value, { stream: true });
  }
  return { firstByteMs, endMs: performance.now() - t0, body };
}

describe('REST API tree against the local gateway', function () {
  this.timeout(120_000);
  let api: StreamGateTestHooks;
  // The sample /chat answers on ANY (like a chat endpoint taking GET or POST); the others on GET.
  const findMethod = (a: StreamGateTestHooks, path: string) => findIn(a, a.local.current!.sampleApiId!, path, path === '/chat' ? 'ANY' : 'GET');

  before(async () => {
    api = await startLocalConnection();
    api.connections.reset();
  });

  it('lists the sample API with its resources and each integration inline', async () => {
    const chat = await findMethod(api, '/chat');
    const item = chat.toTreeItem();
    assert.match(String(item.description), /AWS_PROXY · BUFFERED · 29 s/);
    assert.equal((item.iconPath as vscode.ThemeIcon).id, 'package');
    assert.match(String(item.contextValue), /\bintegration\b/);
  });

  it('toggles to STREAM, marks it not deployed, deploys, and the invoke URL then streams', async () => {
    const chat = await findMethod(api, '/chat');
    const url = await vscode.commands.executeCommand<string>('streamgate.copyInvokeUrl', chat);
    assert.ok(url?.includes('/_user_request_/chat'), `invoke URL: ${url}`);
    const buffered = await measure(url);

    assert.equal(await vscode.commands.executeCommand('streamgate.toggleStreaming', chat), 'STREAM');
    const item = chat.toTreeItem();
    assert.match(String(item.description), /STREAM · 29 s · not deployed/);
    assert.equal((item.iconPath as vscode.ThemeIcon).id, 'pulse', 'the icon shows STREAM');
    assert.match(String(item.contextValue), /\bundeployed\b/);
    assert.match(chat.integration?.uri ?? '', /2021-11-15\/functions\/.+\/response-streaming-invocations$/, 'Lambda URI rewritten for streaming');

    // Not deployed: the stage still answers buffered.
    const before = await measure(url);
    assert.ok(before.firstByteMs > before.endMs * 0.8, `still buffered before deploy (first byte ${before.firstByteMs.toFixed(0)} ms of ${before.endMs.toFixed(0)} ms)`);

    const deploymentId = await vscode.commands.executeCommand<string>('streamgate.deploy', chat, 'dev');
    assert.ok(deploymentId, `deployed: ${api.lastError()}`);
    assert.doesNotMatch(String(chat.toTreeItem().description), /not deployed/);

    const streamed = await measure(url);
    for (const run of [buffered, streamed]) assert.match(run.body, /data: \[DONE\]\s*$/, 'the whole chat arrives in both modes');
    assert.ok(streamed.firstByteMs < streamed.endMs * 0.5,
      `STREAM delivers the first byte early (first byte ${streamed.firstByteMs.toFixed(0)} ms of ${streamed.endMs.toFixed(0)} ms; buffered was ${buffered.firstByteMs.toFixed(0)} ms)`);
    assert.ok(streamed.firstByteMs < buffered.firstByteMs / 2, 'first byte much earlier than buffered');
  });

  it('refuses an invalid timeout with the bounds in the message and changes nothing', async () => {
    const chat = await findMethod(api, '/chat');
    const mode = chat.integration!.responseTransferMode;
    const max = mode === 'STREAM' ? 900000 : 29000;
    const result = await vscode.commands.executeCommand('streamgate.setTimeout', chat, String(max + 1));
    assert.equal(result, undefined);
    assert.match(api.lastError() ?? '', new RegExp(`between 50 ms and ${max} ms`));
    const server = await chat.service.getIntegration(chat.ref.apiId, chat.ref.resourceId, 'ANY');
    assert.equal(server?.timeoutInMillis, 29000, 'the integration kept its timeout');
  });

  it('undo restores exactly the previous settings', async () => {
    const ndjson = await findMethod(api, '/ndjson');
    const service = ndjson.service;
    const original = await service.getIntegration(ndjson.ref.apiId, ndjson.ref.resourceId, 'GET');
    await vscode.commands.executeCommand('streamgate.toggleStreaming', ndjson);
    assert.equal(await vscode.commands.executeCommand('streamgate.setTimeout', ndjson, '120000'), 120000);
    assert.match(String(ndjson.toTreeItem().description), /STREAM · 120 s/);
    await vscode.commands.executeCommand('streamgate.undo', ndjson);
    await vscode.commands.executeCommand('streamgate.undo', ndjson);
    const restored = await service.getIntegration(ndjson.ref.apiId, ndjson.ref.resourceId, 'GET');
    assert.deepEqual(restored, original);
    assert.match(String(ndjson.toTreeItem().description), /BUFFERED · 29 s/);
    assert.doesNotMatch(String(ndjson.toTreeItem().contextValue), /\bundoable\b/);
  });

  it('shows a denied call as an error node and recovers on retry; absorbs throttling', async () => {
    const faults = `${api.local.current!.url}/__streamgate/faults`;
    // The fault hook takes the running gateway's own token, as a web page never could.
    const headers = { 'content-type': 'application/json', 'x-streamgate-fault-token': api.local.current!.faultToken };
    const arm = (errorType: string, count: number) => fetch(faults, { method: 'POST', headers, body: JSON.stringify({ errorType, count, match: 'GET /restapis' }) });
    const [root] = await children(api);
    assert.ok(isConnectionNode(root));

    await arm('AccessDeniedException', 1);
    root.reload();
    const failed = await children(api, root);
    assert.ok(isErrorNode(failed[0]), 'an error node instead of a crash');
    assert.match(failed[0].message, /not authorized|denied/i);
    assert.equal(failed[0].toTreeItem().command?.command, 'streamgate.retry');

    await vscode.commands.executeCommand('streamgate.retry', failed[0]);
    assert.ok(await waitFor('APIs after retry', async () => (await children(api, root)).some((n) => isApiNode(n))));

    // Two throttled answers: the SDK's adaptive retry absorbs them and the tree still loads.
    await arm('TooManyRequestsException', 2);
    root.reload();
    const afterThrottle = await children(api, root);
    assert.ok(afterThrottle.some((n) => isApiNode(n)), `throttling retried: ${afterThrottle.map((n) => n.toTreeItem().label).join(', ')}`);
    const pending = (await (await fetch(faults, { headers })).json()) as { pending: unknown[] };
    assert.deepEqual(pending.pending, [], 'both throttles were consumed by retries');
  });

  it('shows the welcome (empty) state when no gateway runs and auto-start is off', async () => {
    await setSetting('local.autoStart', false);
    await api.local.stop();
    api.connections.reset();
    assert.deepEqual(await children(api), []);
    await setSetting('local.autoStart', true);
    await api.local.start();
    api.connections.reset();
    assert.ok(isConnectionNode((await children(api))[0]));
  });
});
