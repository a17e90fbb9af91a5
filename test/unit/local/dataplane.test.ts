// The local data plane over real HTTP: STREAM vs BUFFERED timing, the 10 MB and timeout errors,
// deploy-to-take-effect, routing, and the Lambda runner's prelude and URI rules.
import assert from 'node:assert/strict';
import {
  type APIGatewayClient, CreateDeploymentCommand, CreateResourceCommand, CreateRestApiCommand, PutIntegrationCommand, PutMethodCommand,
  UpdateIntegrationCommand, GetResourcesCommand, PutMethodResponseCommand, PutIntegrationResponseCommand,
} from '@aws-sdk/client-api-gateway';
import { lambdaUriForMode } from '../../../src/core/rules/integrationRules';
import { startLocalGateway, type LocalGateway } from '../../../src/local/index';
import { bufferedUri, FIXTURE_LAMBDAS, sdkClient, startBackend, streamUri, timedRequest, writeSchedule, type ScriptedBackend } from './helpers';

describe('local gateway data plane', () => {
  let gw: LocalGateway;
  let sdk: APIGatewayClient;
  let backend: ScriptedBackend;
  const log: string[] = [];

  before(async () => {
    gw = await startLocalGateway({ sampleScale: 0.05, handlerDirs: [FIXTURE_LAMBDAS], log: (l) => log.push(l), debugHeaders: true });
    sdk = sdkClient(gw.url);
    backend = await startBackend((req, res) => {
      const url = new URL(req.url!, 'http://x');
      if (url.pathname === '/slow') {
        // First chunk after 100 ms, last after ~700 ms.
        writeSchedule(res, [{ afterMs: 100, data: 'one\n' }, { afterMs: 300, data: 'two\n' }, { afterMs: 300, data: 'three\n' }]);
      } else if (url.pathname === '/big') {
        const mb = Number(url.searchParams.get('mb'));
        res.writeHead(200, { 'content-type': 'application/octet-stream' });
        const block = Buffer.alloc(1024 * 1024, 7);
        let sent = 0;
        const pump = () => { while (sent < mb) { sent++; if (!res.write(block)) { res.once('drain', pump); return; } } res.end(); };
        pump();
      } else if (url.pathname === '/stall') {
        writeSchedule(res, [{ afterMs: 0, data: 'start\n' }, { afterMs: 5000, data: 'late\n' }]);
      } else {
        res.writeHead(200, { 'content-type': 'application/json', 'x-backend': 'yes' });
        res.end(JSON.stringify({ path: url.pathname, query: url.search }));
      }
    });
  });
  after(async () => { sdk.destroy(); await backend.close(); await gw.close(); });

  /** An API with one method at `path`, deployed to "dev"; returns ids for later changes. */
  async function deployOne(path: string, integration: { type: 'HTTP_PROXY' | 'AWS_PROXY' | 'MOCK'; uri?: string; mode?: 'BUFFERED' | 'STREAM'; timeoutInMillis?: number; verb?: string }) {
    const api = await sdk.send(new CreateRestApiCommand({ name: `dp ${path}` }));
    let parentId = api.rootResourceId!;
    for (const part of path.split('/').filter(Boolean)) {
      parentId = (await sdk.send(new CreateResourceCommand({ restApiId: api.id, parentId, pathPart: part }))).id!;
    }
    const verb = integration.verb ?? 'GET';
    await sdk.send(new PutMethodCommand({ restApiId: api.id, resourceId: parentId, httpMethod: verb, authorizationType: 'NONE' }));
    await sdk.send(new PutIntegrationCommand({
      restApiId: api.id, resourceId: parentId, httpMethod: verb, type: integration.type, uri: integration.uri,
      integrationHttpMethod: integration.type === 'AWS_PROXY' ? 'POST' : integration.type === 'HTTP_PROXY' ? 'ANY' : undefined,
      responseTransferMode: integration.mode ?? 'BUFFERED', timeoutInMillis: integration.timeoutInMillis,
      requestTemplates: integration.type === 'MOCK' ? { 'application/json': '{"statusCode": 200}' } : undefined,
    }));
    if (integration.type === 'MOCK') {
      // As on AWS, a MOCK answers through its integration response (and that needs a method response).
      await sdk.send(new PutMethodResponseCommand({ restApiId: api.id, resourceId: parentId, httpMethod: verb, statusCode: '200' }));
      await sdk.send(new PutIntegrationResponseCommand({ restApiId: api.id, resourceId: parentId, httpMethod: verb, statusCode: '200' }));
    }
    await sdk.send(new CreateDeploymentCommand({ restApiId: api.id, stageName: 'dev' }));
    return { apiId: api.id!, resourceId: parentId, verb };
  }

  it('STREAM: first byte arrives with the backend\'s first chunk; BUFFERED: only at its end', async () => {
    const streamed = await deployOne('/s', { type: 'HTTP_PROXY', uri: `${backend.url}/slow`, mode: 'STREAM' });
    const buffered = await deployOne('/b', { type: 'HTTP_PROXY', uri: `${backend.url}/slow`, mode: 'BUFFERED' });
    const [s, b] = await Promise.all([
      timedRequest(gw.invokeUrl(streamed.apiId, 'dev', 's')),
      timedRequest(gw.invokeUrl(buffered.apiId, 'dev', 'b')),
    ]);
    assert.equal(s.body.toString(), 'one\ntwo\nthree\n');
    assert.equal(b.body.toString(), 'one\ntwo\nthree\n');
    // Backend: first chunk at ~100 ms, end at ~700 ms.
    assert.ok(s.firstByteAtMs! < 400, `STREAM first byte at ${s.firstByteAtMs} ms`);
    assert.ok(s.chunks.length >= 3, `STREAM delivered ${s.chunks.length} chunks`);
    assert.ok(b.firstByteAtMs! >= 600, `BUFFERED first byte at ${b.firstByteAtMs} ms`);
    assert.equal(b.chunks.length, 1);
    assert.equal(b.headers['content-length'], '14');
    assert.ok(s.headers['x-amzn-requestid'] && b.headers['x-amzn-requestid']);
    assert.ok(log.some((l) => l.includes(' STREAMED HTTP_PROXY ')) && log.some((l) => l.includes(' BUFFERED HTTP_PROXY ')), 'access log records the transfer mode');
  });

  it('BUFFERED over 10 MB fails with AWS\'s error; STREAM passes the same body', async () => {
    const buffered = await deployOne('/big', { type: 'HTTP_PROXY', uri: `${backend.url}/big?mb=11` });
    const r = await timedRequest(gw.invokeUrl(buffered.apiId, 'dev', 'big'));
    assert.equal(r.status, 502);
    assert.deepEqual(JSON.parse(r.body.toString()), { message: 'Internal server error' });
    assert.match(String(r.headers['x-streamgate-error']), /10485760-byte BUFFERED limit/);
    // The same reason, for a client on this machine (the console), by the request id it received.
    assert.match(String(gw.errorDetail(String(r.headers['x-amzn-requestid']))), /10485760-byte BUFFERED limit/);
    assert.equal(gw.errorDetail('not-a-request-id'), undefined);
    const streamed = await deployOne('/big', { type: 'HTTP_PROXY', uri: `${backend.url}/big?mb=11`, mode: 'STREAM' });
    const s = await timedRequest(gw.invokeUrl(streamed.apiId, 'dev', 'big'));
    assert.equal(s.status, 200);
    assert.equal(s.body.length, 11 * 1024 * 1024);
  });

  it('answers 504 "Endpoint request timed out" when timeoutInMillis passes (BUFFERED)', async () => {
    const { apiId } = await deployOne('/t', { type: 'HTTP_PROXY', uri: `${backend.url}/slow`, timeoutInMillis: 250 });
    const r = await timedRequest(gw.invokeUrl(apiId, 'dev', 't'));
    assert.equal(r.status, 504);
    assert.deepEqual(JSON.parse(r.body.toString()), { message: 'Endpoint request timed out' });
    assert.ok(r.endAtMs < 600, `504 after ${r.endAtMs} ms`);
  });

  it('STREAM cuts the stream at timeoutInMillis, after the bytes that already arrived', async () => {
    const { apiId } = await deployOne('/cut', { type: 'HTTP_PROXY', uri: `${backend.url}/stall`, mode: 'STREAM', timeoutInMillis: 300 });
    const r = await timedRequest(gw.invokeUrl(apiId, 'dev', 'cut'));
    assert.equal(r.status, 200);
    assert.equal(r.body.toString(), 'start\n');
    assert.equal(r.truncated, true);
    assert.ok(r.endAtMs < 1500, `cut after ${r.endAtMs} ms`);
  });

  it('STREAM stops an idle stream after the idle timeout', async () => {
    const idle = await startLocalGateway({ sample: false, streamIdleTimeoutMs: 200 });
    const client = sdkClient(idle.url);
    try {
      const api = await client.send(new CreateRestApiCommand({ name: 'idle' }));
      await client.send(new PutMethodCommand({ restApiId: api.id, resourceId: api.rootResourceId, httpMethod: 'GET', authorizationType: 'NONE' }));
      await client.send(new PutIntegrationCommand({ restApiId: api.id, resourceId: api.rootResourceId, httpMethod: 'GET', type: 'HTTP_PROXY', uri: `${backend.url}/stall`, integrationHttpMethod: 'GET', responseTransferMode: 'STREAM', timeoutInMillis: 60_000 }));
      await client.send(new CreateDeploymentCommand({ restApiId: api.id, stageName: 'dev' }));
      const r = await timedRequest(idle.invokeUrl(api.id!, 'dev', ''));
      assert.equal(r.body.toString(), 'start\n');
      assert.equal(r.truncated, true);
      assert.ok(r.endAtMs < 2000, `idle cut after ${r.endAtMs} ms`);
    } finally { client.destroy(); await idle.close(); }
  });

  it('changes take effect only after CreateDeployment', async () => {
    const { apiId, resourceId } = await deployOne('/chat', { type: 'AWS_PROXY', uri: bufferedUri('slow-stream') });
    const before = await timedRequest(gw.invokeUrl(apiId, 'dev', 'chat?gapMs=400'));
    assert.equal(before.chunks.length, 1, 'BUFFERED delivers one piece');
    await sdk.send(new UpdateIntegrationCommand({ restApiId: apiId, resourceId, httpMethod: 'GET', patchOperations: [
      { op: 'replace', path: '/responseTransferMode', value: 'STREAM' },
      { op: 'replace', path: '/uri', value: streamUri('slow-stream') },
    ] }));
    const undeployed = await timedRequest(gw.invokeUrl(apiId, 'dev', 'chat?gapMs=400'));
    assert.equal(undeployed.chunks.length, 1, 'still BUFFERED until deployed');
    assert.ok(undeployed.firstByteAtMs! >= 350);
    await sdk.send(new CreateDeploymentCommand({ restApiId: apiId, stageName: 'dev' }));
    const after = await timedRequest(gw.invokeUrl(apiId, 'dev', 'chat?gapMs=400'));
    assert.equal(after.status, 207);
    assert.equal(after.body.toString(), 'first;second;');
    assert.ok(after.firstByteAtMs! < 250, `first byte at ${after.firstByteAtMs} ms`);
    assert.ok(after.chunks.length >= 2);
    assert.deepEqual(after.headers['set-cookie'], ['a=1']);
  });

  it('fails with 500 when the Lambda URI form does not match the transfer mode', async () => {
    const stream = await deployOne('/m1', { type: 'AWS_PROXY', uri: bufferedUri('echo'), mode: 'STREAM' });
    const r1 = await timedRequest(gw.invokeUrl(stream.apiId, 'dev', 'm1'));
    assert.equal(r1.status, 500);
    assert.deepEqual(JSON.parse(r1.body.toString()), { message: 'Internal server error' });
    assert.match(String(r1.headers['x-streamgate-error']), /response-streaming-invocations/);
    const buffered = await deployOne('/m2', { type: 'AWS_PROXY', uri: streamUri('echo'), mode: 'BUFFERED' });
    assert.equal((await timedRequest(gw.invokeUrl(buffered.apiId, 'dev', 'm2'))).status, 500);
  });

  it('enforces the streaming prelude rules (502 on missing, oversized or never-sent prelude)', async () => {
    for (const name of ['no-prelude', 'huge-prelude', 'end-without-write']) {
      const { apiId } = await deployOne(`/${name}`, { type: 'AWS_PROXY', uri: streamUri(name), mode: 'STREAM' });
      const r = await timedRequest(gw.invokeUrl(apiId, 'dev', name));
      assert.equal(r.status, 502, name);
      assert.deepEqual(JSON.parse(r.body.toString()), { message: 'Internal server error' }, name);
    }
    const { apiId } = await deployOne('/np', { type: 'AWS_PROXY', uri: streamUri('no-prelude'), mode: 'STREAM' });
    assert.match(String((await timedRequest(gw.invokeUrl(apiId, 'dev', 'np'))).headers['x-streamgate-error']), /HttpResponseStream\.from/);
  });

  it('runs plain handlers with the proxy event, path parameters and greedy {proxy+}', async () => {
    const api = await sdk.send(new CreateRestApiCommand({ name: 'routing' }));
    const items = await sdk.send(new CreateResourceCommand({ restApiId: api.id, parentId: api.rootResourceId, pathPart: 'items' }));
    const id = await sdk.send(new CreateResourceCommand({ restApiId: api.id, parentId: items.id, pathPart: '{id}' }));
    const proxy = await sdk.send(new CreateResourceCommand({ restApiId: api.id, parentId: api.rootResourceId, pathPart: '{proxy+}' }));
    for (const [r, uri, type] of [[id.id, bufferedUri('echo'), 'AWS_PROXY'], [proxy.id, `${backend.url}/fwd/{proxy}`, 'HTTP_PROXY']] as const) {
      await sdk.send(new PutMethodCommand({ restApiId: api.id, resourceId: r, httpMethod: 'ANY', authorizationType: 'NONE' }));
      await sdk.send(new PutIntegrationCommand({ restApiId: api.id, resourceId: r, httpMethod: 'ANY', type, uri, integrationHttpMethod: type === 'AWS_PROXY' ? 'POST' : 'ANY' }));
    }
    await sdk.send(new CreateDeploymentCommand({ restApiId: api.id, stageName: 'v1' }));
    const echo = await timedRequest(gw.invokeUrl(api.id!, 'v1', 'items/42?q=1'), { method: 'POST', body: 'hello', headers: { 'content-type': 'text/plain' } });
    assert.equal(echo.status, 201);
    assert.equal(echo.headers['x-handler'], 'echo');
    assert.equal(echo.headers['x-multi'], 'a, b');
    assert.deepEqual(JSON.parse(echo.body.toString()), {
      resource: '/items/{id}', path: '/items/42', httpMethod: 'POST', pathParameters: { id: '42' }, query: { q: '1' }, body: 'hello', stage: 'v1', functionName: 'echo',
    });
    const fwd = await timedRequest(gw.invokeUrl(api.id!, 'v1', 'a/b/c?x=y'));
    assert.equal(fwd.headers['x-backend'], 'yes');
    assert.deepEqual(JSON.parse(fwd.body.toString()), { path: '/fwd/a/b/c', query: '?x=y' });
    // /items has no method of its own, so the greedy {proxy+} sibling catches it, as on AWS.
    assert.deepEqual(JSON.parse((await timedRequest(gw.invokeUrl(api.id!, 'v1', 'items'))).body.toString()).path, '/fwd/items');
    assert.equal((await timedRequest(gw.invokeUrl(api.id!, 'nostage', 'items/1'))).status, 403);
  });

  it('answers 502 for failing or malformed plain handlers, 500 for unknown functions, and loads CommonJS handlers', async () => {
    for (const [name, status] of [['throws', 502], ['malformed', 502], ['does-not-exist', 500], ['commonjs-handler', 200]] as const) {
      const { apiId } = await deployOne(`/${name}`, { type: 'AWS_PROXY', uri: bufferedUri(name) });
      const r = await timedRequest(gw.invokeUrl(apiId, 'dev', name));
      assert.equal(r.status, status, name);
      if (status === 200) assert.equal(r.body.toString(), 'from commonjs');
      else assert.deepEqual(JSON.parse(r.body.toString()), { message: 'Internal server error' });
    }
  });

  it('never loads handler files outside the configured folders', async () => {
    const { apiId } = await deployOne('/trav', { type: 'AWS_PROXY', uri: bufferedUri('..%2Fhelpers') });
    const r = await timedRequest(gw.invokeUrl(apiId, 'dev', 'trav'));
    assert.equal(r.status, 500);
    assert.match(String(r.headers['x-streamgate-error']), /not a Lambda function ARN/);
  });

  it('serves MOCK integrations and answers unknown paths and methods with "Missing Authentication Token"', async () => {
    const { apiId } = await deployOne('/mock', { type: 'MOCK' });
    const r = await timedRequest(gw.invokeUrl(apiId, 'dev', 'mock'));
    assert.equal(r.status, 200);
    for (const [path, method] of [['mock/extra', 'GET'], ['nothing', 'GET'], ['mock', 'DELETE']]) {
      const missing = await timedRequest(gw.invokeUrl(apiId, 'dev', path!), { method });
      assert.equal(missing.status, 403, `${method} ${path}`);
      assert.deepEqual(JSON.parse(missing.body.toString()), { message: 'Missing Authentication Token' });
      assert.equal(missing.headers['x-amzn-errortype'], 'MissingAuthenticationTokenException');
    }
  });

  it('refuses request bodies over 10 MB with 413 and keeps serving', async () => {
    const { apiId } = await deployOne('/upload', { type: 'MOCK', verb: 'POST' });
    const r = await timedRequest(gw.invokeUrl(apiId, 'dev', 'upload'), { method: 'POST', body: Buffer.alloc(10 * 1024 * 1024 + 1) });
    assert.equal(r.status, 413);
    assert.deepEqual(JSON.parse(r.body.toString()), { message: 'Request Too Large' });
    assert.equal((await timedRequest(gw.invokeUrl(apiId, 'dev', 'upload'), { method: 'POST', body: 'ok' })).status, 200);
  });

  describe('sample API', () => {
    it('is seeded BUFFERED and deployed to dev; /chat streams OpenAI-style SSE once switched to STREAM', async () => {
      const apiId = gw.sampleApiId!;
      const resources = await sdk.send(new GetResourcesCommand({ restApiId: apiId, embed: ['methods'] }));
      const paths = resources.items!.map((r) => r.path).sort();
      assert.deepEqual(paths, ['/', '/chat', '/download', '/long', '/ndjson']);
      for (const r of resources.items!.filter((x) => x.path !== '/')) {
        const m = Object.values(r.resourceMethods!)[0]!;
        assert.equal(m.methodIntegration?.responseTransferMode, 'BUFFERED', r.path);
        assert.match(m.methodIntegration!.uri!, /2015-03-31.*\/invocations$/);
      }
      const buffered = await timedRequest(gw.invokeUrl(apiId, 'dev', 'chat'));
      assert.equal(buffered.status, 200);
      assert.equal(buffered.chunks.length, 1);
      const chat = resources.items!.find((r) => r.path === '/chat')!;
      await sdk.send(new UpdateIntegrationCommand({ restApiId: apiId, resourceId: chat.id, httpMethod: 'ANY', patchOperations: [
        { op: 'replace', path: '/responseTransferMode', value: 'STREAM' },
        { op: 'replace', path: '/uri', value: lambdaUriForMode(chat.resourceMethods!.ANY!.methodIntegration!.uri!, 'STREAM') },
      ] }));
      await sdk.send(new CreateDeploymentCommand({ restApiId: apiId, stageName: 'dev' }));
      const streamed = await timedRequest(gw.invokeUrl(apiId, 'dev', 'chat'));
      assert.equal(streamed.headers['content-type'], 'text/event-stream');
      assert.ok(streamed.chunks.length >= 30, `${streamed.chunks.length} chunks`);
      const events = streamed.body.toString().split('\n\n').filter(Boolean);
      assert.equal(events.at(-1), 'data: [DONE]');
      const text = events.slice(0, -1).map((e) => JSON.parse(e.slice('data: '.length)).choices[0].delta.content ?? '').join('');
      assert.match(text, /^Response streaming lets API Gateway/);
    });

    it('/long exceeds the 29 s BUFFERED limit (scaled) and /download exceeds Lambda\'s 6 MB buffered payload limit', async () => {
      // With a 0.05 scale /long runs ~1.75 s; give it a 500 ms timeout to see the 504 quickly.
      const apiId = gw.sampleApiId!;
      const resources = await sdk.send(new GetResourcesCommand({ restApiId: apiId }));
      const long = resources.items!.find((r) => r.path === '/long')!;
      await sdk.send(new UpdateIntegrationCommand({ restApiId: apiId, resourceId: long.id, httpMethod: 'GET', patchOperations: [{ op: 'replace', path: '/timeoutInMillis', value: '500' }] }));
      await sdk.send(new CreateDeploymentCommand({ restApiId: apiId, stageName: 'dev' }));
      assert.equal((await timedRequest(gw.invokeUrl(apiId, 'dev', 'long'))).status, 504);
      const download = await timedRequest(gw.invokeUrl(apiId, 'dev', 'download'));
      assert.equal(download.status, 502);
    });
  });
});
