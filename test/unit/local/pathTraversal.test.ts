// Encoded "../" in invoke URLs, over real sockets: a path parameter or a {proxy+} value is
// substituted into the integration URI percent-encoded, as API Gateway does, so the HTTP_PROXY
// backend (which records the exact request line it received) never sees a path outside the
// integration's prefix, and nothing resolves dot segments on the way.
import assert from 'node:assert/strict';
import type { APIGatewayClient } from '@aws-sdk/client-api-gateway';
import { startLocalGateway, type LocalGateway } from '../../../src/local';
import { givenApi, rawHttp, rawStatus, sdkClient, startBackend, type ScriptedBackend } from './helpers';

describe('local gateway: encoded path traversal', function () {
  this.timeout(30_000);
  let gw: LocalGateway;
  let sdk: APIGatewayClient;
  let backend: ScriptedBackend;
  let itemPath: string;
  let filesPath: string;

  before(async () => {
    gw = await startLocalGateway({ sample: false });
    sdk = sdkClient(gw.url);
    backend = await startBackend((req, res) => { res.writeHead(200, { 'content-type': 'text/plain' }); res.end(req.url); });
    const items = await givenApi(sdk, gw, { path: '/item/{id}', type: 'HTTP_PROXY', uri: `${backend.url}/public/items/{id}`, stage: 'dev' });
    const files = await givenApi(sdk, gw, { path: '/files/{proxy+}', type: 'HTTP_PROXY', uri: `${backend.url}/public/files/{proxy}`, stage: 'dev' });
    itemPath = new URL(items.invoke('item/')).pathname;
    filesPath = new URL(files.invoke('files/')).pathname;
  });
  after(async () => { sdk.destroy(); await backend.close(); await gw.close(); });

  /** Sends the request line exactly as given (no client-side normalisation) and returns status + what the backend got. */
  async function send(pathAndQuery: string): Promise<{ status: number; backendPath: string | undefined }> {
    const before = backend.requests.length;
    const answer = await rawHttp(gw.port, `GET ${pathAndQuery} HTTP/1.1\r\nHost: 127.0.0.1:${gw.port}\r\nConnection: close\r\n\r\n`);
    return { status: rawStatus(answer), backendPath: backend.requests.slice(before)[0]?.url };
  }

  it('a {id} value with encoded "../" stays one encoded segment under /public/items/', async () => {
    for (const value of ['%2e%2e%2f%2e%2e%2fsecret', '..%2F..%2Fsecret', '%2E%2E', '..', '.', 'a%2Fb']) {
      const r = await send(`${itemPath}${value}`);
      assert.equal(r.status, 200, value);
      assert.ok(r.backendPath?.startsWith('/public/items/'), `${value} reached ${r.backendPath}`);
      const rest = r.backendPath!.slice('/public/items/'.length);
      assert.ok(!rest.includes('/'), `${value} became more than one segment: ${r.backendPath}`);
      assert.notEqual(rest, '..');
      assert.notEqual(rest, '.');
    }
    assert.equal((await send(`${itemPath}%2e%2e%2f%2e%2e%2fsecret`)).backendPath, '/public/items/..%2F..%2Fsecret');
    assert.equal((await send(`${itemPath}caf%C3%A9%20x`)).backendPath, '/public/items/caf%C3%A9%20x', 'ordinary values keep their encoding');
  });

  it('{proxy+} keeps its slashes but its dot segments stay literal, under /public/files/', async () => {
    for (const value of ['a/%2e%2e/%2e%2e/secret', 'a/../../secret', '%2e%2e/%2e%2e/%2e%2e/etc/passwd', './x']) {
      const r = await send(`${filesPath}${value}`);
      assert.equal(r.status, 200, value);
      assert.ok(r.backendPath?.startsWith('/public/files/'), `${value} reached ${r.backendPath}`);
      const segments = r.backendPath!.split('?')[0]!.split('/');
      assert.ok(!segments.includes('..') && !segments.includes('.'), `${value} reached the backend with a dot segment: ${r.backendPath}`);
    }
    assert.equal((await send(`${filesPath}a/%2e%2e/%2e%2e/secret?x=1`)).backendPath, '/public/files/a/%2E%2E/%2E%2E/secret?x=1');
    assert.equal((await send(`${filesPath}docs/guide.md`)).backendPath, '/public/files/docs/guide.md', 'ordinary dots are kept');
  });

  it('dot segments in an invoke URL never reach the control plane', async () => {
    const before = backend.requests.length;
    for (const climb of ['%2e%2e/%2e%2e/%2e%2e/%2e%2e', '../../../..', '%2E%2E/..%2f%2e%2e/%2e%2E']) {
      const answer = await rawHttp(gw.port, `GET ${itemPath}${climb}/restapis HTTP/1.1\r\nHost: 127.0.0.1:${gw.port}\r\nConnection: close\r\n\r\n`);
      assert.doesNotMatch(answer, /"item":\[/, `${climb} listed the REST APIs`);
    }
    // A climb that stays inside the data plane is served by the data plane as a literal value.
    const inside = await rawHttp(gw.port, `GET ${filesPath}%2e%2e/%2e%2e/restapis HTTP/1.1\r\nHost: 127.0.0.1:${gw.port}\r\nConnection: close\r\n\r\n`);
    assert.equal(rawStatus(inside), 200);
    assert.match(inside, /\/public\/files\/%2E%2E\/%2E%2E\/restapis$/);
    assert.ok(backend.requests.length > before);
  });
});
