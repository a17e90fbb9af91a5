// `streamgate probe --http-file` as a user runs it: a .http file with file variables, an
// environment from .vscode/settings.json (JSONC), {{$dotenv}}, {{$processEnv}} and a `< ./file`
// body, sent to a real server that echoes what it received.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from './runCli';

describe('streamgate probe --http-file', function () {
  this.timeout(30_000);
  let server: http.Server;
  let base: string;
  let dir: string;
  let httpFile: string;
  before(async () => {
    server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (d: Buffer) => (body += d.toString()));
      req.on('end', () => {
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify({ method: req.method, url: req.url, token: req.headers['x-token'], dot: req.headers['x-dot'], body }));
      });
    });
    await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    dir = mkdtempSync(join(tmpdir(), 'sg-httpfile-'));
    mkdirSync(join(dir, '.vscode'));
    mkdirSync(join(dir, 'api'));
    writeFileSync(join(dir, '.vscode', 'settings.json'), `{
      // REST Client environments, with a comment and a trailing comma as VS Code allows
      "rest-client.environmentVariables": { "$shared": { "base": "${base}" }, "dev": { "stage": "dev" }, "prod": { "stage": "prod", }, },
    }`);
    writeFileSync(join(dir, 'api', '.env'), 'DOT_SECRET=from-dotenv\n');
    writeFileSync(join(dir, 'api', 'payload.json'), '{"from":"file"}');
    httpFile = join(dir, 'api', 'requests.http');
    writeFileSync(httpFile, [
      '@path = echo', '', '# @name chat', 'POST {{base}}/{{stage}}/{{path}}?n={{$randomInt 1 2}}', 'X-Token: {{$processEnv SG_HTTP_TOKEN}}', 'X-Dot: {{$dotenv DOT_SECRET}}', '',
      '{"hello": "{{stage}}"}', '', '###', '# @name upload', 'PUT {{base}}/{{stage}}/upload', '', '< ./payload.json', '', '###', '# @name broken', 'GET {{base}}/{{nowhere}}',
    ].join('\n'));
    process.env.SG_HTTP_TOKEN = 'tok-42';
  });
  after(() => { server.close(); rmSync(dir, { recursive: true, force: true }); delete process.env.SG_HTTP_TOKEN; });

  const received = async (args: string[]): Promise<Record<string, string>> => {
    const out = join(dir, `out-${Math.random().toString(36).slice(2)}.json`);
    const run = await runCli(['probe', '--http-file', httpFile, ...args, '--out', out, '--json']);
    assert.equal(run.code, 0, run.stderr);
    assert.equal((JSON.parse(run.stdout) as { status: number }).status, 200);
    return JSON.parse(readFileSync(out, 'utf8')) as Record<string, string>;
  };

  it('sends the named request with the environment, dotenv and process env resolved', async () => {
    assert.deepEqual(await received(['--name', 'chat', '--env', 'prod']),
      { method: 'POST', url: '/prod/echo?n=1', token: 'tok-42', dot: 'from-dotenv', body: '{"hello": "prod"}' });
  });

  it('sends a `< ./file` body read relative to the .http file', async () => {
    const got = await received(['--name', 'upload', '--env', 'dev']);
    assert.deepEqual([got.method, got.url, got.body], ['PUT', '/dev/upload', '{"from":"file"}']);
  });

  it('refuses with the diagnostics on their lines, an unknown environment, or an ambiguous file', async () => {
    const broken = await runCli(['probe', '--http-file', httpFile, '--name', 'broken', '--env', 'dev']);
    assert.notEqual(broken.code, 0);
    assert.match(broken.stderr, /requests\.http:18:\d+: error: Unresolved variable "nowhere"/);
    const env = await runCli(['probe', '--http-file', httpFile, '--name', 'chat', '--env', 'staging']);
    assert.match(env.stderr, /no environment "staging" .*have: dev, prod/);
    const which = await runCli(['probe', '--http-file', httpFile]);
    assert.match(which.stderr, /3 requests: choose one with --name \(chat, upload, broken\)/);
  });
});
