// Serving the developer's own templates from VS Code: discovery, "Serve Template Locally", the
// tree marking methods from a template, write-back into the template (reviewed WorkspaceEdit,
// comments kept) that the watcher then re-imports, and cdk.out methods pointing at CDK code.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { findMethod, getApi, setSetting, waitFor } from './helpers';

const REPO = path.resolve(__dirname, '../..');

function workspaceDir(): string {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('the integration tests need a workspace folder');
  return folder.uri.fsPath;
}

describe('templates in VS Code', function () {
  this.timeout(90_000);
  let ws: string;
  let backend: http.Server;
  let backendUrl: string;

  before(async () => {
    ws = workspaceDir();
    const copy = (from: string, to: string) => fs.cpSync(path.join(REPO, from), path.join(ws, to), { recursive: true, filter: (src) => !src.includes('node_modules') });
    copy('test/fixtures/templates/cloudformation', 'cfn');
    copy('test/fixtures/templates/cdk.out', 'cdk/cdk.out');
    copy('examples/sam-streaming-chat', 'sam-streaming-chat');
    backend = http.createServer((_req, res) => { res.writeHead(200, { 'content-type': 'text/plain' }); res.end('from backend'); });
    await new Promise<void>((resolve) => backend.listen(0, '127.0.0.1', resolve));
    backendUrl = `http://127.0.0.1:${(backend.address() as AddressInfo).port}`;
    await setSetting('connection', 'local');
    await setSetting('local.port', 0);
  });
  after(async () => {
    await setSetting('connection', undefined);
    await new Promise((resolve) => backend.close(resolve));
  });

  it('finds the workspace\'s templates (SAM, CloudFormation, cdk.out, OpenAPI) and shows the view-title action', async () => {
    const api = await getApi();
    const found = await api.discoverTemplates();
    const rel = found.map((c) => `${vscode.workspace.asRelativePath(c.uri)} (${c.kind})`);
    for (const expected of ['cfn/template.yaml (SAM / CloudFormation)', 'cfn/docs-openapi.yaml (OpenAPI)', 'cdk/cdk.out (cdk.out)', 'sam-streaming-chat/template.yaml (SAM / CloudFormation)']) {
      assert.ok(rel.includes(expected), `${expected} in ${rel.join(', ')}`);
    }
    assert.ok(!rel.some((r) => r.includes('package')), 'package.json files are not offered');
    await setSetting('local.templates', ['cfn/template.yaml']);
    try {
      assert.deepEqual((await api.discoverTemplates()).map((c) => vscode.workspace.asRelativePath(c.uri)), ['cfn/template.yaml'], 'the setting lists exactly what to offer');
    } finally { await setSetting('local.templates', undefined); }
  });

  it('serves the CloudFormation fixture, marks its methods, and writes a toggle back into template.yaml for the watcher to re-import', async () => {
    const api = await getApi();
    const file = path.join(ws, 'cfn/template.yaml');
    const applied = await api.templates.serve(vscode.Uri.file(file), { parameterOverrides: { BackendUrl: backendUrl } });
    const events = applied!.find((a) => a.logicalId === 'EventsApi')!;
    assert.deepEqual(events.stages, ['v1']);
    const gateway = api.local.current!;
    const served = await fetch(gateway.invokeUrl(events.apiId, 'v1', '/events'));
    assert.equal(await served.text(), 'from backend');

    api.connections.reset();
    const m = await findMethod(api, events.apiId, '/events', 'GET');
    const item = m.toTreeItem();
    assert.match(String(item.contextValue), /\bfromTemplate\b/);
    assert.match(String(item.description), /HTTP_PROXY · STREAM · 60 s · template\.yaml$/);
    assert.match((item.tooltip as vscode.MarkdownString).value, /From template\\?\.yaml: EventsGet/);
    assert.equal(api.writeBack.actionLabel(m), 'Also change template.yaml');

    await api.integrations.setTimeout(m, 20000);
    await api.integrations.toggleStreaming(m);
    assert.deepEqual([m.integration?.responseTransferMode, m.integration?.timeoutInMillis], ['BUFFERED', 20000]);
    const doc = await api.writeBack.run(m, { responseTransferMode: 'BUFFERED', timeoutInMillis: 20000 }, { review: false });
    const text = doc.getText();
    assert.match(text, /      Integration:\n        Type: HTTP_PROXY\n        IntegrationHttpMethod: GET\n        Uri: !Sub '\$\{BackendUrl\}\/events'\n        ResponseTransferMode: BUFFERED\n        TimeoutInMillis: 20000\n/);
    assert.ok(text.includes("# Streams the backend's response as it is written (when Streaming=yes)."), 'comments kept');
    assert.equal(text.split('\n').length, fs.readFileSync(path.join(REPO, 'test/fixtures/templates/cloudformation/template.yaml'), 'utf8').split('\n').length, 'no line added or lost');

    await doc.save();
    await waitFor('the watcher to re-import template.yaml', () => api.log.recent().some((l) => /template\.yaml changed: re-imported .*\(.+\) → v1/.test(l)), 20_000);
    api.connections.reset();
    const after = await findMethod(api, events.apiId, '/events', 'GET');
    assert.deepEqual([after.integration?.responseTransferMode, after.integration?.timeoutInMillis], ['BUFFERED', 20000], 'the re-imported API has the template\'s new settings');
    assert.match(String(after.toTreeItem().contextValue), /\bfromTemplate\b/, 'still marked after the re-import');
  });

  it('cdk.out: methods are marked generated and write-back shows the CDK construct and code to change', async () => {
    const api = await getApi();
    const applied = await api.templates.serve(vscode.Uri.file(path.join(ws, 'cdk/cdk.out')));
    const chatApi = applied![0]!;
    api.connections.reset();
    const m = await findMethod(api, chatApi.apiId, '/chat', 'POST');
    assert.match(String(m.toTreeItem().contextValue), /\bfromTemplate generated\b/);
    assert.match(String(m.toTreeItem().description), /· cdk\.out$/);
    assert.equal(api.writeBack.actionLabel(m), 'Show CDK Code to Change');
    const doc = await api.writeBack.run(m, { responseTransferMode: 'STREAM' });
    const text = doc.getText();
    assert.match(text, /the construct \*\*ChatStack\/ChatApi\/Default\/chat\/POST\/Resource\*\*/);
    assert.match(text, /responseTransferMode: apigateway\.ResponseTransferMode\.STREAM/);
    assert.match(text, /timeout: Duration\.millis\(120000\)/);
  });

  it('asks for a parameter without a Default instead of failing', async () => {
    const api = await getApi();
    const prompted: string[] = [];
    const original = vscode.window.showInputBox;
    (vscode.window as { showInputBox: typeof original }).showInputBox = async (opts) => { prompted.push(String(opts?.title)); return backendUrl; };
    try {
      const applied = await vscode.commands.executeCommand<unknown[]>('streamgate.local.serveTemplate', vscode.Uri.file(path.join(ws, 'cfn/template.yaml')));
      assert.deepEqual(prompted, ['template.yaml: parameter BackendUrl']);
      assert.equal(applied?.length, 2, `served: ${api.lastError()}`);
    } finally {
      (vscode.window as { showInputBox: typeof original }).showInputBox = original;
    }
  });
});
