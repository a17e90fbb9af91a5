// Web pages must not drive the local gateway. A real Chromium page served from another localhost
// port tries what a hostile page can do without the user noticing — HTML form POSTs (text/plain
// bodies, the CSRF classic), no-cors fetches, a CORS fetch with JSON, arming the fault hook — and
// a DNS-rebinding request (a foreign Host header that resolves to 127.0.0.1) tries to read and
// write. None of it changes anything, while the data plane stays open to the page, as on AWS.
// The SDK and the AWS CLI keep working: their content types are exactly what the guard accepts.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { GetRestApisCommand, ImportRestApiCommand, type APIGatewayClient } from '@aws-sdk/client-api-gateway';
import { chromium, type Browser } from 'playwright-core';
import { startLocalGateway, type LocalGateway } from '../../../src/local';
import { faultHook, givenApi, rawHttp, rawStatus, sdkClient, startBackend, type ScriptedBackend } from './helpers';

const CHROMIUM_FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];
const OPENAPI = JSON.stringify({ openapi: '3.0.1', info: { title: 'imported', version: '1' }, paths: { '/x': { get: { 'x-amazon-apigateway-integration': { type: 'mock' } } } } });

describe('local gateway: web pages and DNS rebinding cannot drive the control plane', function () {
  this.timeout(60_000);
  let gw: LocalGateway;
  let sdk: APIGatewayClient;
  let backend: ScriptedBackend;
  let page: http.Server;
  let pageOrigin: string;
  let browser: Browser;
  let invoke: string;

  const apiNames = async () => ((await sdk.send(new GetRestApisCommand({ limit: 500 }))).items ?? []).map((a) => a.name).sort();

  before(async () => {
    gw = await startLocalGateway({ sample: false });
    sdk = sdkClient(gw.url);
    backend = await startBackend((_req, res) => { res.writeHead(200, { 'content-type': 'text/plain' }); res.end('data plane'); });
    invoke = (await givenApi(sdk, gw, { name: 'existing', path: '/hello', type: 'HTTP_PROXY', uri: `${backend.url}/hello`, stage: 'dev' })).invoke('hello');
    page = http.createServer((_req, res) => { res.writeHead(200, { 'content-type': 'text/html' }); res.end('<!doctype html><title>attacker</title><body></body>'); });
    await new Promise<void>((resolve) => page.listen(0, '127.0.0.1', resolve));
    pageOrigin = `http://localhost:${(page.address() as AddressInfo).port}`;
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: CHROMIUM_FLAGS });
  });
  after(async () => {
    await browser?.close();
    await new Promise<void>((resolve) => page?.close(() => resolve()));
    sdk?.destroy();
    await backend?.close();
    await gw?.close();
  });

  it('a page on another localhost port: form POSTs and fetches change nothing; the data plane still answers it', async () => {
    const before = await apiNames();
    const tab = await browser.newPage();
    try {
      await tab.addInitScript('window.__name = (f) => f'); // tsx's keepNames helper, referenced by the evaluated function
      await tab.goto(`${pageOrigin}/`);
      const outcome = await tab.evaluate(async ({ gateway, invokeUrl, openapi }) => {
        // Form POSTs: text/plain bodies shaped as JSON (name + "=" + value), sent without preflight.
        const submit = (action: string, name: string, value: string) => new Promise<void>((resolve) => {
          const frame = document.createElement('iframe');
          frame.name = `f${Math.random()}`;
          document.body.append(frame);
          const form = document.createElement('form');
          Object.assign(form, { method: 'POST', action, enctype: 'text/plain', target: frame.name });
          const input = document.createElement('input');
          Object.assign(input, { type: 'hidden', name, value });
          form.append(input);
          document.body.append(form);
          frame.addEventListener('load', () => resolve(), { once: true });
          form.submit();
        });
        await submit(`${gateway}/restapis?mode=import`, openapi.slice(0, -1) + ',"x":"', '"}');
        await submit(`${gateway}/restapis`, '{"name":"csrf-form","x":"', '"}');
        await submit(`${gateway}/__streamgate/faults`, '{"count":5,"errorType":"AccessDeniedException","x":"', '"}');
        const results: Record<string, string> = {};
        const attempt = async (label: string, url: string, init: RequestInit) => {
          try {
            const r = await fetch(url, init);
            results[label] = r.type === 'opaque' ? 'opaque' : `status ${r.status}`;
          } catch (e) {
            results[label] = `refused: ${(e as Error).name}`;
          }
        };
        await attempt('no-cors json as text/plain', `${gateway}/restapis`, { method: 'POST', mode: 'no-cors', body: '{"name":"csrf-fetch"}' });
        await attempt('no-cors blob without type', `${gateway}/restapis?mode=import`, { method: 'POST', mode: 'no-cors', body: new Blob([openapi]) });
        await attempt('cors application/json', `${gateway}/restapis`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"name":"csrf-cors"}' });
        await attempt('cors read', `${gateway}/restapis`, {});
        await attempt('fault hook', `${gateway}/__streamgate/faults`, { method: 'POST', mode: 'no-cors', body: '{"count":5,"errorType":"AccessDeniedException"}' });
        await attempt('data plane', invokeUrl, { mode: 'no-cors' });
        return results;
      }, { gateway: gw.url, invokeUrl: invoke, openapi: OPENAPI });

      assert.match(outcome['cors application/json']!, /^refused/, 'the preflight is never granted');
      assert.match(outcome['cors read']!, /^refused/, 'the page cannot read the configuration');
      assert.equal(outcome['data plane'], 'opaque');
      assert.ok(backend.requests.some((r) => r.url === '/hello'), 'the page\'s requests do reach this gateway (its data plane served one)');
      assert.deepEqual(await apiNames(), before, `no API was created or imported: ${JSON.stringify(outcome)}`);
      assert.deepEqual(await faultHook(gw).pending(), [], 'the fault hook was not armed');
    } finally {
      await tab.close();
    }
  });

  it('DNS rebinding: a foreign Host is refused for reads, writes and the fault hook, even with the token; the data plane serves it', async () => {
    const before = await apiNames();
    const host = `evil.example:${gw.port}`;
    const read = await rawHttp(gw.port, `GET /restapis HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`);
    assert.equal(rawStatus(read), 403);
    assert.match(read, /DNS rebinding/);
    assert.doesNotMatch(read, /existing/, 'nothing of the configuration leaks');
    const body = '{"name":"rebound"}';
    const write = await rawHttp(gw.port, `POST /restapis HTTP/1.1\r\nHost: ${host}\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n${body}`);
    assert.equal(rawStatus(write), 403);
    const fault = '{"count":1,"errorType":"AccessDeniedException"}';
    const arm = await rawHttp(gw.port, `POST /__streamgate/faults HTTP/1.1\r\nHost: ${host}\r\nx-streamgate-fault-token: ${gw.faultToken}\r\nContent-Type: application/json\r\nContent-Length: ${fault.length}\r\nConnection: close\r\n\r\n${fault}`);
    assert.equal(rawStatus(arm), 403);
    // Through the data plane: dot segments (plain or encoded) are never resolved into a control-plane path.
    for (const sneaky of ['%2e%2e/%2e%2e/%2e%2e/%2e%2e/restapis', '../../../../restapis', '%2E%2E%2F%2E%2E%2F%2E%2E%2F%2E%2E%2Frestapis']) {
      const via = await rawHttp(gw.port, `GET ${new URL(invoke).pathname.replace(/hello$/, sneaky)} HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`);
      assert.equal(rawStatus(via), 403, sneaky);
      assert.match(via, /MissingAuthenticationTokenException/, `answered by the data plane, not the control plane: ${sneaky}`);
      assert.doesNotMatch(via, /"item"/);
    }
    const served = await rawHttp(gw.port, `GET ${new URL(invoke).pathname} HTTP/1.1\r\nHost: ${host}\r\nOrigin: http://evil.example\r\nConnection: close\r\n\r\n`);
    assert.equal(rawStatus(served), 200);
    assert.match(served, /data plane$/);
    assert.deepEqual(await apiNames(), before);
    assert.deepEqual(await faultHook(gw).pending(), []);
  });

  it('the fault hook needs this instance\'s token', async () => {
    const withoutToken = await fetch(`${gw.url}/__streamgate/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"count":1,"errorType":"AccessDeniedException"}' });
    assert.equal(withoutToken.status, 403);
    const other = await startLocalGateway({ sample: false });
    try {
      assert.notEqual(other.faultToken, gw.faultToken);
      assert.equal((await faultHook({ url: gw.url, faultToken: other.faultToken }).arm({ count: 1, errorType: 'AccessDeniedException' })).status, 403);
    } finally {
      await other.close();
    }
    assert.equal((await faultHook(gw).arm({ count: 1, errorType: 'AccessDeniedException', match: 'GET /restapis/none' })).status, 200);
    await faultHook(gw).clear();
  });

  it('accepts exactly what the SDK and the AWS CLI send; refuses form and text content types for writes', async () => {
    const viaSdk = await sdk.send(new ImportRestApiCommand({ body: Buffer.from(OPENAPI) })); // application/octet-stream
    assert.equal(viaSdk.name, 'imported');
    const dir = mkdtempSync(path.join(tmpdir(), 'streamgate-awscli-'));
    try {
      const file = path.join(dir, 'api.json');
      writeFileSync(file, OPENAPI.replace('"imported"', '"imported-by-cli"'));
      // botocore sends a blob payload without any Content-Type.
      const { stdout } = await promisify(execFile)('aws', ['apigateway', 'import-rest-api', '--endpoint-url', gw.url, '--region', 'us-east-1', '--body', `fileb://${file}`, '--output', 'json'], {
        env: { ...process.env, AWS_ACCESS_KEY_ID: 'x', AWS_SECRET_ACCESS_KEY: 'y', AWS_CONFIG_FILE: path.join(dir, 'none'), AWS_SHARED_CREDENTIALS_FILE: path.join(dir, 'none'), AWS_PAGER: '' },
        timeout: 30_000,
      });
      assert.equal((JSON.parse(stdout) as { name: string }).name, 'imported-by-cli');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x']) {
      const r = await fetch(`${gw.url}/restapis`, { method: 'POST', headers: { 'content-type': type }, body: '{"name":"wrong-type"}' });
      assert.equal(r.status, 415, type);
      assert.match(((await r.json()) as { message: string }).message, /application\/json/);
    }
    const importAsText = await fetch(`${gw.url}/restapis?mode=import`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: OPENAPI });
    assert.equal(importAsText.status, 415);
    assert.ok(!(await apiNames()).includes('wrong-type'));
  });
});
