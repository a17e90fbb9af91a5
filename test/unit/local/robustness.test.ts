// Bad requests each get a clear AWS-shaped error and the server stays up; state persists across
// restarts with atomic writes; the fault hook makes control-plane calls fail like AWS.
import assert from 'node:assert/strict';
import * as http from 'node:http';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { lambdaUriForMode } from '../../../src/core/rules/integrationRules';
import {
  CreateDeploymentCommand, CreateRestApiCommand, GetRestApisCommand, GetResourcesCommand, PutIntegrationCommand, PutMethodCommand,
  TooManyRequestsException, UpdateIntegrationCommand,
} from '@aws-sdk/client-api-gateway';
import { FAULT_TOKEN_HEADER, FAULTS_PATH, HEALTH_PATH, startLocalGateway, type LocalGateway } from '../../../src/local/index';
import { StreamThrottle, THROTTLED_BYTES_PER_SECOND, UNTHROTTLED_BYTES } from '../../../src/local/dataplane/throttle';
import { sdkClient, timedRequest } from './helpers';

describe('local gateway robustness', () => {
  let gw: LocalGateway;
  before(async () => { gw = await startLocalGateway({ sample: false }); });
  after(async () => { await gw.close(); });

  async function raw(method: string, p: string, body?: string | Buffer, headers: Record<string, string> = { 'content-type': 'application/json' }) {
    const r = await timedRequest(gw.url + p, { method, body, headers });
    return { status: r.status, type: r.headers['x-amzn-errortype'], message: r.body.length ? JSON.parse(r.body.toString()).message as string : undefined };
  }

  it('answers bad control-plane requests with AWS-shaped errors and stays up', async () => {
    const cases: Array<[string, string, string | Buffer | undefined, number, string, RegExp]> = [
      ['POST', '/restapis', '{"name": ', 400, 'BadRequestException', /Could not parse request body into json/],
      ['POST', '/restapis', '[1,2]', 400, 'BadRequestException', /expected a JSON object/],
      ['POST', '/restapis', '{"name": 42}', 400, 'BadRequestException', /at 'name' failed to satisfy constraint: Member must be a string/],
      ['POST', '/restapis', '{}', 400, 'BadRequestException', /Value null at 'name'/],
      ['GET', '/restapis/nope/resources', undefined, 404, 'NotFoundException', /Invalid API identifier specified/],
      ['GET', '/restapis/a/b/c/d/e/f/g/h', undefined, 404, 'NotFoundException', /No resource matches/],
      ['GET', '/elsewhere', undefined, 404, 'NotFoundException', /No resource matches/],
      ['PUT', '/restapis', undefined, 405, 'MethodNotAllowedException', /PUT is not supported/],
      ['GET', '/restapis?limit=abc', undefined, 400, 'BadRequestException', /at 'limit'/],
      ['GET', '/restapis/%E0%A4%A', undefined, 400, 'BadRequestException', /Malformed percent-encoding/],
      ['POST', '/restapis', Buffer.alloc(7 * 1024 * 1024, 32), 413, 'BadRequestException', /Request Too Large/],
    ];
    for (const [method, p, body, status, type, message] of cases) {
      const r = await raw(method, p, body);
      assert.equal(r.status, status, `${method} ${p}`);
      assert.equal(r.type, type, `${method} ${p}`);
      assert.match(r.message ?? '', message, `${method} ${p}`);
    }
    assert.equal((await timedRequest(gw.url + HEALTH_PATH)).status, 200, 'still serving');
  });

  it('refuses wrongly typed patch values with a clear message', async () => {
    const sdk = sdkClient(gw.url);
    try {
      const api = await sdk.send(new CreateRestApiCommand({ name: 'typed' }));
      await sdk.send(new PutMethodCommand({ restApiId: api.id, resourceId: api.rootResourceId, httpMethod: 'GET', authorizationType: 'NONE' }));
      await sdk.send(new PutIntegrationCommand({ restApiId: api.id, resourceId: api.rootResourceId, httpMethod: 'GET', type: 'MOCK' }));
      const p = `/restapis/${api.id}/resources/${api.rootResourceId}/methods/GET/integration`;
      const numeric = await raw('PATCH', p, JSON.stringify({ patchOperations: [{ op: 'replace', path: '/timeoutInMillis', value: 5000 }] }));
      assert.equal(numeric.status, 400);
      assert.match(numeric.message!, /patch values are strings/);
      const notNumber = await raw('PATCH', p, JSON.stringify({ patchOperations: [{ op: 'replace', path: '/timeoutInMillis', value: 'soon' }] }));
      assert.match(notNumber.message!, /is not a whole number/);
      const badOp = await raw('PATCH', p, JSON.stringify({ patchOperations: [{ op: 'frobnicate', path: '/uri' }] }));
      assert.match(badOp.message!, /Invalid patch operation/);
    } finally { sdk.destroy(); }
  });

  it('makes the next N control-plane calls fail through the fault hook, then recovers', async () => {
    const sdk = sdkClient(gw.url);
    try {
      const arm = await timedRequest(gw.url + FAULTS_PATH, { method: 'POST', headers: { [FAULT_TOKEN_HEADER]: gw.faultToken }, body: JSON.stringify({ count: 2, errorType: 'TooManyRequestsException', match: 'GET /restapis' }) });
      assert.equal(arm.status, 200);
      await assert.rejects(sdk.send(new GetRestApisCommand({})), TooManyRequestsException);
      await assert.rejects(sdk.send(new GetRestApisCommand({})), TooManyRequestsException);
      await sdk.send(new GetRestApisCommand({}));
      await timedRequest(gw.url + FAULTS_PATH, { method: 'POST', headers: { [FAULT_TOKEN_HEADER]: gw.faultToken }, body: JSON.stringify({ count: 1, errorType: 'AccessDeniedException' }) });
      await assert.rejects(sdk.send(new GetRestApisCommand({})), (e: unknown) =>
        (e as Error).name === 'AccessDeniedException' && (e as { $metadata: { httpStatusCode: number } }).$metadata.httpStatusCode === 403);
      const badSpec = await timedRequest(gw.url + FAULTS_PATH, { method: 'POST', headers: { [FAULT_TOKEN_HEADER]: gw.faultToken }, body: JSON.stringify({ count: 0, errorType: 'X' }) });
      assert.equal(badSpec.status, 400);
    } finally { sdk.destroy(); }
  });

  it('persists state across restarts with atomic writes, and keeps one sample API', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'streamgate-state-'));
    const statePath = path.join(dir, 'nested', 'state.json');
    try {
      const first = await startLocalGateway({ statePath });
      const sdk = sdkClient(first.url);
      const api = await sdk.send(new CreateRestApiCommand({ name: 'kept' }));
      const sample = first.sampleApiId!;
      const resources = await sdk.send(new GetResourcesCommand({ restApiId: sample, embed: ['methods'] }));
      const ndjson = resources.items!.find((r) => r.path === '/ndjson')!;
      await sdk.send(new UpdateIntegrationCommand({ restApiId: sample, resourceId: ndjson.id, httpMethod: 'GET', patchOperations: [{ op: 'replace', path: '/timeoutInMillis', value: '1234' }] }));
      await sdk.send(new CreateDeploymentCommand({ restApiId: sample, stageName: 'dev' }));
      sdk.destroy();
      await first.close();
      assert.deepEqual(readdirSync(path.dirname(statePath)).sort(), ['state.json', 'state.json.journal'], 'no temp or lock files left behind');

      const second = await startLocalGateway({ statePath });
      const sdk2 = sdkClient(second.url);
      try {
        assert.equal(second.sampleApiId, sample, 'the sample API is not seeded twice');
        const names = (await sdk2.send(new GetRestApisCommand({}))).items!.map((a) => a.name).sort();
        assert.deepEqual(names, ['StreamGate sample', 'kept']);
        const again = await sdk2.send(new GetResourcesCommand({ restApiId: sample, embed: ['methods'] }));
        assert.equal(again.items!.find((r) => r.path === '/ndjson')!.resourceMethods!.GET!.methodIntegration!.timeoutInMillis, 1234);
        assert.ok(api.id);
      } finally { sdk2.destroy(); await second.close(); }

      writeFileSync(statePath, '{ broken');
      await assert.rejects(startLocalGateway({ statePath }), /not valid JSON/);
      assert.equal(readFileSync(statePath, 'utf8'), '{ broken', 'a corrupt state file is never overwritten');
    } finally { rmSync(dir, { recursive: true, force: true }); }
  });

  it('close() ends in-flight streams promptly', async () => {
    const local = await startLocalGateway({ sampleScale: 1 });
    const sdk = sdkClient(local.url);
    const sample = local.sampleApiId!;
    const long = (await sdk.send(new GetResourcesCommand({ restApiId: sample, embed: ['methods'] }))).items!.find((r) => r.path === '/long')!;
    const uri = long.resourceMethods!.GET!.methodIntegration!.uri!;
    await sdk.send(new UpdateIntegrationCommand({ restApiId: sample, resourceId: long.id, httpMethod: 'GET', patchOperations: [
      { op: 'replace', path: '/responseTransferMode', value: 'STREAM' },
      { op: 'replace', path: '/timeoutInMillis', value: '900000' },
      { op: 'replace', path: '/uri', value: lambdaUriForMode(uri, 'STREAM') },
    ] }));
    await sdk.send(new CreateDeploymentCommand({ restApiId: sample, stageName: 'dev' }));
    sdk.destroy();
    // The function is a separate (cold) process: wait for its first progress event, the next is ~1 s away.
    let firstChunk!: () => void;
    const gotFirst = new Promise<void>((resolve) => { firstChunk = resolve; });
    const pending = new Promise<{ body: string; truncated: boolean }>((resolve, reject) => {
      http.get(local.invokeUrl(sample, 'dev', 'long'), { agent: false }, (res) => {
        let body = '';
        res.on('data', (c: Buffer) => { body += c.toString(); firstChunk(); });
        res.on('end', () => resolve({ body, truncated: false }));
        res.on('error', () => resolve({ body, truncated: true }));
        res.on('aborted', () => resolve({ body, truncated: true }));
      }).on('error', reject);
    });
    await gotFirst;
    const pids = local.functions.processIds('streamgate-sample-long');
    assert.equal(pids.length, 1, 'one runtime process serves the request');
    const t0 = performance.now();
    await local.close();
    const closeMs = performance.now() - t0;
    const r = await pending;
    assert.ok(closeMs < 500, `close took ${closeMs} ms`);
    assert.equal(r.truncated, true);
    assert.match(r.body, /event: progress/);
    assert.throws(() => process.kill(pids[0]!, 0), /ESRCH/, 'the function process is stopped with the gateway');
  });

  it('throttles STREAM to about 2 MB/s after the first 10 MB when emulation is on', () => {
    let now = 0;
    const t = new StreamThrottle(() => now);
    assert.equal(t.delayFor(UNTHROTTLED_BYTES), 0);
    const wait = t.delayFor(THROTTLED_BYTES_PER_SECOND); // 2 MB beyond the free 10 MB → due 1 s later
    assert.ok(Math.abs(wait - 1000) < 1, `waits ${wait} ms`);
    now = 1000;
    assert.ok(Math.abs(t.delayFor(THROTTLED_BYTES_PER_SECOND / 2) - 500) < 1);
  });
});
