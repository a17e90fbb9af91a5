import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { EXTENSION_ID, getApi, getPublicApi } from './helpers';

describe('StreamGate inside VS Code', () => {
  it('activates and registers every contributed command and its tree view', async () => {
    const api = await getApi();
    assert.ok(api.tree, 'tree provider is among the test hooks');
    const registered = await vscode.commands.getCommands(true);
    const contributed = (vscode.extensions.getExtension(EXTENSION_ID)!.packageJSON as { contributes: { commands: { command: string }[] } }).contributes.commands;
    const missing = contributed.map((c) => c.command).filter((id) => !registered.includes(id));
    assert.deepEqual(missing, [], 'contributed but not registered');
  });

  it('exports a narrow API, with the test hooks only because this is ExtensionMode.Test', async () => {
    const exported = await getPublicApi();
    assert.deepEqual(Object.keys(exported).sort(), ['localGatewayUrl', 'openConsole', 'testHooks']);
    assert.equal(typeof exported.openConsole, 'function');
  });

  it('reveals the REST APIs view from the activity bar', async () => {
    await vscode.commands.executeCommand('workbench.view.extension.streamgate');
    await vscode.commands.executeCommand('streamgate.apis.focus');
  });
});

describe('StreamGate output channel', () => {
  it('reports commands through the log, with errors readable and secrets redacted', async () => {
    const api = await getApi();
    await vscode.commands.executeCommand('streamgate.showLog');
    assert.ok(api.log.recent().some((l) => /streamgate\.showLog done in \d+ ms/.test(l)), api.log.recent().join('\n'));

    // A command given the wrong target fails with an actionable message, logged and shown.
    const result = await vscode.commands.executeCommand('streamgate.toggleStreaming', undefined);
    assert.equal(result, undefined);
    assert.match(api.lastError() ?? '', /Select a method in the REST APIs view first/);
    assert.ok(api.log.recent().some((l) => l.startsWith('[error] streamgate.toggleStreaming: Select a method')));

    api.log.info('credential check AKIAIOSFODNN7EXAMPLE x-api-key: supersecretvalue');
    const last = api.log.recent().at(-1) ?? '';
    assert.ok(!last.includes('IOSFODNN7EXAMPLE') && !last.includes('supersecretvalue'), last);
  });
});
