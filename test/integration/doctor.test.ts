// Streaming doctor, infrastructure-as-code and paging, inside VS Code against the local gateway.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import {
  APIGatewayClient, CreateResourceCommand, CreateRestApiCommand, GetResourcesCommand, PutIntegrationCommand, PutMethodCommand,
} from '@aws-sdk/client-api-gateway';
import { lambdaIntegrationUri } from '../../src/core/rules/integrationRules';
import type { StreamGateTestHooks } from '../../src/extension/extension';
import { children, findMethod, getApi, isApiNode, isConnectionNode, setSetting } from './helpers';
import type { ApiNode, TreeNode } from '../../src/extension/tree/nodes';

const FN = 'arn:aws:lambda:us-east-1:000000000000:function:streamgate-sample-chat';

describe('streaming doctor, IaC and paging', function () {
  this.timeout(180_000);
  let api: StreamGateTestHooks;
  let sdk: APIGatewayClient;

  before(async () => {
    await setSetting('connection', 'local');
    api = await getApi();
    const gw = await api.local.start();
    sdk = new APIGatewayClient({ endpoint: gw.url, region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'y' } });
  });

  async function createApi(name: string): Promise<{ id: string; rootId: string }> {
    const created = await sdk.send(new CreateRestApiCommand({ name }));
    const resources = await sdk.send(new GetResourcesCommand({ restApiId: created.id! }));
    return { id: created.id!, rootId: resources.items!.find((r) => r.path === '/')!.id! };
  }

  it('flags a Lambda URI that does not match the mode, and its fix rewrites the URI in one change', async () => {
    const { id, rootId } = await createApi('doctor-mismatch');
    const res = await sdk.send(new CreateResourceCommand({ restApiId: id, parentId: rootId, pathPart: 'chat' }));
    await sdk.send(new PutMethodCommand({ restApiId: id, resourceId: res.id!, httpMethod: 'POST', authorizationType: 'NONE' }));
    await sdk.send(new PutIntegrationCommand({
      restApiId: id, resourceId: res.id!, httpMethod: 'POST', type: 'AWS_PROXY', integrationHttpMethod: 'POST',
      uri: lambdaIntegrationUri('us-east-1', FN, 'STREAM'),
      responseTransferMode: 'BUFFERED',
    }));
    api.tree.refresh();
    const method = await findMethod(api, id, '/chat', 'POST');
    assert.match(String(method.toTreeItem().description), /⚠ 1/, 'the tree item carries the warning');
    assert.equal((method.toTreeItem().iconPath as vscode.ThemeIcon).id, 'warning');

    const apiNode = method.apiNode;
    const findings = await api.doctor.findings(apiNode);
    const mismatch = findings.find((f) => f.diagnostic.code === 'lambda-uri-mode-mismatch');
    assert.ok(mismatch, `doctor findings: ${findings.map((f) => f.diagnostic.code).join(', ')}`);
    assert.equal(mismatch.diagnostic.severity, 'error');
    await api.doctor.applyFix(mismatch);
    assert.match(method.integration!.uri!, /2015-03-31\/functions\/.+\/invocations$/);
    assert.equal(method.integration!.responseTransferMode, 'BUFFERED');
    const after = await api.doctor.findings(apiNode);
    assert.ok(!after.some((f) => f.diagnostic.code === 'lambda-uri-mode-mismatch'), 'the finding is gone');
    assert.ok(after.some((f) => f.diagnostic.code === 'undeployed-changes'), 'and the change is flagged as not deployed');
  });

  it('shows the integration as infrastructure-as-code for its current settings', async () => {
    const chat = await findMethod(api, api.local.current!.sampleApiId!, '/chat', 'ANY');
    const doc = await vscode.commands.executeCommand<vscode.TextDocument>('streamgate.showIac', chat);
    assert.ok(doc, `IaC opened: ${api.lastError()}`);
    const text = doc.getText();
    const mode = chat.integration!.responseTransferMode;
    assert.match(text, new RegExp(`aws apigateway update-integration[\\s\\S]*path=/responseTransferMode,value=${mode}`));
    assert.match(text, new RegExp(`ResponseTransferMode: ${mode}`));
    assert.match(text, /x-amazon-apigateway-integration/);
    assert.match(text, /response_transfer_mode\s*=\s*"/);
    assert.match(text, /ResponseTransferMode\./);
    assert.equal(doc.languageId, 'markdown');
    // A read-only virtual document: never untitled, never dirty, so closing it asks nothing.
    assert.equal(doc.uri.scheme, 'streamgate-iac');
    assert.equal(doc.isUntitled, false);
    assert.equal(doc.isDirty, false);
  });

  it('pages a 1,200-resource API 500 at a time with "Load more", one call per page', async () => {
    const { id, rootId } = await createApi('paging-1200');
    for (let i = 0; i < 1199; i++) {
      await sdk.send(new CreateResourceCommand({ restApiId: id, parentId: rootId, pathPart: `r${String(i).padStart(4, '0')}` }));
    }
    api.tree.refresh();
    const [root] = await children(api);
    assert.ok(isConnectionNode(root));
    const apiNode = (await children(api, root)).find((n): n is ApiNode => isApiNode(n) && n.restApi.id === id)!;
    const service = apiNode.service;
    const callsBefore = service.callCount;
    const resourceCount = (nodes: TreeNode[]): number => nodes.reduce((n, c) => n + (c.kind === 'resource' ? 1 + resourceCount(c.getChildren() as TreeNode[]) : 0), 0);

    let nodes = await children(api, apiNode);
    assert.equal(resourceCount(nodes), 500);
    for (let page = 2; page <= 3; page++) {
      const more = nodes.find((n) => n.kind === 'loadMore');
      assert.ok(more, `a Load more node after page ${page - 1}`);
      await vscode.commands.executeCommand('streamgate.loadMore', more);
      nodes = await children(api, apiNode);
    }
    assert.equal(resourceCount(nodes), 1200);
    assert.ok(!nodes.some((n) => n.kind === 'loadMore'), 'no Load more after the last page');
    assert.equal(service.callCount - callsBefore, 3, 'ceil(1200/500) GetResources calls, nothing per method');
  });
});
