import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { getApi } from './helpers';

describe('StreamGate inside VS Code', () => {
  it('activates and registers its commands and tree view', async () => {
    const api = await getApi();
    assert.ok(api.tree, 'tree provider is exported');
    const commands = await vscode.commands.getCommands(true);
    for (const id of ['streamgate.refresh', 'streamgate.toggleStreaming', 'streamgate.local.start', 'streamgate.showLog']) {
      assert.ok(commands.includes(id), `${id} is registered`);
    }
  });

  it('reveals the REST APIs view from the activity bar', async () => {
    await vscode.commands.executeCommand('workbench.view.extension.streamgate');
    await vscode.commands.executeCommand('streamgate.apis.focus');
  });
});
