// The extension's shell inside VS Code: Stop keeps the local gateway stopped, its state lives in
// global storage, settings changes do only what they must, the palette console lists every
// target, and .http files get CodeLenses that stream and diagnostics on the line.
import * as assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { StreamGateTestHooks } from '../../src/extension/extension';
import { connectionInvokeTargets } from '../../src/extension/console/paletteTargets';
import { getApi, setSetting, startLocalConnection, waitFor } from './helpers';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('local gateway lifecycle and state', function () {
  this.timeout(90_000);
  let api: StreamGateTestHooks;
  before(async () => {
    api = await startLocalConnection();
  });

  it('Stop keeps it stopped (tree refreshes, auto-start does not bring it back) until Start', async () => {
    const url = api.local.current!.url;
    await vscode.commands.executeCommand('streamgate.local.stop');
    // The old bug: the change event re-resolved the tree, which auto-started a new gateway ~35 ms later.
    api.tree.refresh();
    await api.tree.getChildren();
    await sleep(1500);
    assert.equal(api.local.current, undefined, 'still stopped after a refresh and 1.5 s');
    assert.equal(api.local.status, 'stopped');
    assert.match(api.local.statusText ?? '', /StreamGate local: stopped/);
    assert.deepEqual(await api.tree.getChildren(), [], 'the tree is empty, so the "stopped" welcome shows');
    const state = await api.connections.resolve();
    assert.equal(state.status === 'none' && state.reason, 'The local gateway is stopped.');
    await assert.rejects(fetch(`${url}/__streamgate/health`));

    const started = await vscode.commands.executeCommand<string>('streamgate.local.start');
    assert.match(started ?? '', /^http:\/\/127\.0\.0\.1:\d+$/);
    const again = await vscode.commands.executeCommand<string>('streamgate.local.start');
    assert.equal(again, started, 'Start while running keeps the running gateway (and says so)');
    assert.equal(api.local.status, 'running');
  });

  it('keeps its APIs in the extension global storage: a restart keeps the sample API id', async () => {
    const statePath = api.local.statePath();
    assert.ok(statePath && statePath.endsWith(path.join('globalStorage', 'streamgate.streamgate', 'local-gateway-state.json')), statePath);
    const before = api.local.current!.sampleApiId;
    await vscode.commands.executeCommand('streamgate.local.stop');
    await waitFor('the state file', () => existsSync(statePath!));
    await vscode.commands.executeCommand('streamgate.local.start');
    assert.equal(api.local.current!.sampleApiId, before);
  });
});

describe('settings changes do only what they must', function () {
  this.timeout(90_000);
  let api: StreamGateTestHooks;
  let resets = 0;
  let sub: vscode.Disposable;
  before(async () => {
    api = await getApi();
    await api.local.start();
    sub = api.connections.onDidChange(() => resets++);
  });
  after(() => sub.dispose());

  it('console.* applies without reloading the tree; a connection key reconnects', async () => {
    resets = 0;
    await setSetting('console.longGapMs', 777);
    await sleep(300);
    assert.equal(resets, 0, 'a console setting does not reconnect or reload the tree');
    await setSetting('region', 'eu-west-1');
    await waitFor('a reconnect', () => resets > 0, 5000);
    await setSetting('region', undefined);
    await setSetting('console.longGapMs', undefined);
  });

  it('local.* offers to restart the local gateway and restarts it when the user agrees', async () => {
    const before = api.local.current!;
    resets = 0;
    const folder = vscode.workspace.workspaceFolders![0]!.uri.fsPath;
    await setSetting('local.handlerDirs', [folder]);
    await sleep(300);
    assert.equal(api.local.current, before, 'nothing restarts without asking');
    assert.equal(resets, 0, 'and the tree is not reloaded');
    // Accept the notification's primary action, as the user clicking "Restart Local Gateway".
    await waitFor('the restart notification', async () => {
      await vscode.commands.executeCommand('notifications.focusToasts');
      await vscode.commands.executeCommand('notification.acceptPrimaryAction');
      return api.local.current !== before && api.local.current !== undefined;
    }, 15_000, 300);
    const health = await (await fetch(`${api.local.current!.url}/__streamgate/health`)).json() as { sampleApiId?: string };
    assert.equal(health.sampleApiId, before.sampleApiId, 'the restarted gateway serves the persisted sample API');
    await setSetting('local.handlerDirs', undefined);
  });
});

describe('console opened from the palette', function () {
  this.timeout(60_000);
  it('lists every stage target of the connection', async () => {
    const api = await getApi();
    await api.local.start();
    const targets = await connectionInvokeTargets(api.connections, api.log);
    const id = api.local.current!.sampleApiId!;
    for (const p of ['/chat', '/ndjson', '/download', '/long']) {
      assert.ok(targets.some((t) => t.url === api.local.current!.invokeUrl(id, 'dev', p)), `${p} on dev is listed: ${targets.map((t) => t.label).join(', ')}`);
    }
  });
});

describe('.http files', function () {
  this.timeout(90_000);
  let api: StreamGateTestHooks;
  let file: vscode.Uri;
  before(async () => {
    api = await getApi();
    await api.local.start();
    const folder = vscode.workspace.workspaceFolders![0]!.uri.fsPath;
    const gw = api.local.current!;
    await mkdir(path.join(folder, 'http'), { recursive: true });
    await writeFile(path.join(folder, 'http', '.env'), 'SG_STAGE=dev\n');
    // REST Client's setting is not registered here (REST Client is not installed), so it is written
    // the way a user's workspace has it: in .vscode/settings.json.
    const environments = { $shared: { gateway: gw.url }, local: { apiId: gw.sampleApiId }, other: { apiId: 'nope' } };
    await mkdir(path.join(folder, '.vscode'), { recursive: true });
    await writeFile(path.join(folder, '.vscode', 'settings.json'), JSON.stringify({ 'rest-client.environmentVariables': environments }));
    await waitFor('the workspace settings to load', () => vscode.workspace.getConfiguration('rest-client').get<{ local?: unknown }>('environmentVariables')?.local);
    file = vscode.Uri.file(path.join(folder, 'http', 'chat.http'));
    await writeFile(file.fsPath, [
      '@base = {{gateway}}/restapis/{{apiId}}/{{$dotenv SG_STAGE}}/_user_request_', '',
      '### the sample chat', '# @name chat', 'POST {{base}}/chat', 'Content-Type: application/json', 'X-Run: {{$guid}}', '',
      '{"prompt": "hello"}', '', '###', '# @loop 3', 'GET {{base}}/{{undefinedThing}}',
    ].join('\n'));
  });

  it('the "Stream in StreamGate" CodeLens sends the request with variables and the environment through the console', async () => {
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(file));
    const lenses = await waitFor('code lenses', async () => {
      const l = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', file);
      return l?.some((x) => x.command?.title.includes('Stream in StreamGate')) ? l : undefined;
    });
    const stream = lenses.filter((l) => l.command?.title.includes('Stream in StreamGate'));
    assert.deepEqual(stream.map((l) => l.range.start.line), [4, 12], 'one lens over each request line');
    // First use asks for the environment: pick "local" (the first) in the quick pick.
    const run = vscode.commands.executeCommand<{ status: number; chunkCount: number; outcome: string }>(stream[0]!.command!.command, ...stream[0]!.command!.arguments!);
    await sleep(800);
    await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
    const summary = await run;
    assert.ok(summary, `the request was sent: ${api.lastError()}`);
    assert.equal(summary.status, 200);
    assert.equal(summary.outcome, 'complete');
    assert.ok(summary.chunkCount >= 1);
    const envLens = (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', file)).find((l) => l.command?.title.startsWith('env:'));
    assert.equal(envLens?.command?.title, 'env: local');
  });
  it('with the environment picked, shows diagnostics on the line for an unresolved variable and an unsupported directive only', async () => {
    const doc = await vscode.workspace.openTextDocument(file);
    await vscode.window.showTextDocument(doc);
    const diags = await waitFor('diagnostics', () => { const d = api.http.diagnosticsFor(file); return d.length >= 2 ? d : undefined; });
    const at = (line: number) => diags.filter((d) => d.range.start.line === line).map((d) => d.message).join(' | ');
    assert.match(at(11), /@loop is not supported/);
    assert.match(at(12), /Unresolved variable "undefinedThing"/);
    assert.equal(diags.find((d) => d.range.start.line === 12)!.severity, vscode.DiagnosticSeverity.Error);
    assert.ok(!diags.some((d) => d.range.start.line < 11), 'the first request is clean');
  });

});
