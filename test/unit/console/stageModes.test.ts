// What a stage serves: the local gateway's GetExport through the real AWS SDK (exact, from the
// stage's deployment), and — for AWS — what StreamGate saw deployed plus the changes since.
import { strict as assert } from 'node:assert';
import { GetExportCommand } from '@aws-sdk/client-api-gateway';
import { startLocalGateway, type LocalGateway } from '../../../src/local/index';
import { ControlPlaneService } from '../../../src/core/controlplane/service';
import { transferModeFromExport } from '../../../src/core/controlplane/stageExport';
import { UndeployedChanges } from '../../../src/core/controlplane/undeployed';
import { sdkClient } from '../local/helpers';

describe('what a stage serves', function () {
  this.timeout(20_000);
  let gw: LocalGateway;
  before(async () => { gw = await startLocalGateway({ sampleScale: 0.05 }); });
  after(async () => { await gw.close(); });

  it('local gateway: GetExport says what dev serves; a toggle counts only after CreateDeployment', async () => {
    const service = new ControlPlaneService(sdkClient(gw.url));
    const apiId = gw.sampleApiId!;
    const chat = (await service.listAllResources(apiId)).find((r) => r.path === '/chat')!;
    const ref = { apiId, resourceId: chat.id, httpMethod: 'ANY' };
    assert.equal(await service.deployedTransferMode(apiId, 'dev', '/chat', 'ANY'), 'BUFFERED');

    await service.changeIntegration(ref, { responseTransferMode: 'STREAM' });
    assert.equal((await service.getIntegration(apiId, chat.id, 'ANY'))?.responseTransferMode, 'STREAM', 'configured STREAM');
    assert.equal(await service.deployedTransferMode(apiId, 'dev', '/chat', 'ANY'), 'BUFFERED', 'not deployed: dev still serves BUFFERED');

    await service.deploy(apiId, 'dev', 'test');
    assert.equal(await service.deployedTransferMode(apiId, 'dev', '/chat', 'ANY'), 'STREAM');
    assert.equal(await service.deployedTransferMode(apiId, 'dev', '/no-such-path', 'GET'), null);
    assert.equal(service.callsByOperation.GetExport, 4);
  });

  it('local gateway: the export is an OpenAPI 3 document; without extensions it has no integrations; bad input is a 400', async () => {
    const client = sdkClient(gw.url);
    const apiId = gw.sampleApiId!;
    const plain = JSON.parse(new TextDecoder().decode((await client.send(new GetExportCommand({ restApiId: apiId, stageName: 'dev', exportType: 'oas30' }))).body));
    assert.equal(plain.openapi, '3.0.1');
    assert.ok(plain.paths['/chat']['x-amazon-apigateway-any-method']);
    assert.equal(plain.paths['/chat']['x-amazon-apigateway-any-method']['x-amazon-apigateway-integration'], undefined);
    await assert.rejects(client.send(new GetExportCommand({ restApiId: apiId, stageName: 'dev', exportType: 'pdf' })), /Invalid export type/);
    await assert.rejects(client.send(new GetExportCommand({ restApiId: apiId, stageName: 'nope', exportType: 'oas30' })), (e: Error) => e.name === 'NotFoundException');
  });

  it('reads the mode from an exported document; a missing field means BUFFERED', () => {
    const doc = { paths: { '/a': { get: { 'x-amazon-apigateway-integration': { responseTransferMode: 'STREAM' } }, post: { 'x-amazon-apigateway-integration': {} } } } };
    assert.equal(transferModeFromExport(doc, '/a', 'GET'), 'STREAM');
    assert.equal(transferModeFromExport(doc, '/a', 'POST'), 'BUFFERED');
    assert.equal(transferModeFromExport(doc, '/a', 'PUT'), null);
    assert.equal(transferModeFromExport('nonsense', '/a', 'GET'), null);
  });

  it('AWS: the stage serves what StreamGate last deployed to it, else the mode before its first change', () => {
    const u = new UndeployedChanges();
    const ref = { apiId: 'a', resourceId: 'r', httpMethod: 'GET' };
    assert.equal(u.servedMode(ref, 'dev'), undefined, 'no change seen: the caller assumes the configuration');
    u.noteChange(ref, { before: 'BUFFERED', after: 'STREAM' });
    assert.equal(u.servedMode(ref, 'dev'), 'BUFFERED');
    u.noteDeploy('a', 'dev');
    assert.equal(u.servedMode(ref, 'dev'), 'STREAM');
    assert.equal(u.servedMode(ref, 'prod'), 'BUFFERED', 'prod was not deployed');
    u.noteChange(ref, { before: 'STREAM', after: 'BUFFERED' });
    assert.equal(u.servedMode(ref, 'dev'), 'STREAM', 'the undo is not deployed to dev yet');
    u.noteDeploy('a', 'prod');
    assert.equal(u.servedMode(ref, 'prod'), 'BUFFERED');
  });
});
