// The embedded local gateway inside the extension host: commands, status bar, default target.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { getApi, setSetting } from './helpers';

describe('local gateway in VS Code', function () {
  this.timeout(60_000);

  it('starts and stops from its commands, with a status bar item while it runs', async () => {
    const api = await getApi();
    await vscode.commands.executeCommand('streamgate.local.stop');
    assert.equal(api.local.current, undefined);
    assert.match(api.local.statusText ?? '', /StreamGate local: stopped/, 'the status bar says it is stopped');

    await setSetting('local.port', 0);
    const url = await vscode.commands.executeCommand<string>('streamgate.local.start');
    assert.match(url ?? '', /^http:\/\/127\.0\.0\.1:\d+$/, `started: ${api.lastError()}`);
    const health = await (await fetch(`${url}/__streamgate/health`)).json() as { ok: boolean; sampleApiId: string };
    assert.equal(health.ok, true);
    assert.ok(health.sampleApiId, 'the sample API is seeded');
    assert.match(api.local.statusText ?? '', new RegExp(`StreamGate local :${new URL(url!).port}`));
    assert.ok(api.log.recent().some((l) => l.includes(`Local gateway listening on ${url}`)));

    await vscode.commands.executeCommand('streamgate.local.stop');
    await assert.rejects(fetch(`${url}/__streamgate/health`), 'the port is closed after stop');
    await vscode.commands.executeCommand('streamgate.local.start');
  });

  it('runs the sample\'s functions as separate processes and shows their output in "StreamGate Functions"', async () => {
    const api = await getApi();
    const url = await vscode.commands.executeCommand<string>('streamgate.local.start');
    const gw = api.local.current!;
    const res = await fetch(gw.invokeUrl(gw.sampleApiId!, 'dev', 'chat'));
    assert.equal(res.status, 200, res.headers.get('x-streamgate-error') ?? '');
    assert.match(await res.text(), /data: \[DONE\]/);
    const requestId = res.headers.get('x-amzn-requestid')!;
    assert.ok(api.local.functionLog.recent().some((l) => l.includes(`[${requestId}] streamgate-sample-chat: yielded token 10`)), `function log: ${api.local.functionLog.recent().slice(-3).join(' / ')}`);
    const pids = gw.functions.processIds('streamgate-sample-chat');
    assert.equal(pids.length, 1, 'one runtime process');
    assert.notEqual(pids[0], process.pid, 'not the extension host');
    assert.ok(url);
  });

  it('is the default target when no AWS credentials are found; the setting overrides', async () => {
    const api = await getApi();
    for (const k of ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_PROFILE', 'AWS_SESSION_TOKEN']) delete process.env[k];
    process.env.AWS_CONFIG_FILE = '/nonexistent/streamgate-config';
    process.env.AWS_SHARED_CREDENTIALS_FILE = '/nonexistent/streamgate-credentials';
    process.env.AWS_EC2_METADATA_DISABLED = 'true';
    await setSetting('connection', 'auto');
    api.connections.reset();
    const auto = await api.connections.resolve();
    assert.equal(auto.status, 'connected');
    assert.equal(auto.status === 'connected' && auto.connection.kind, 'local');

    await setSetting('connection', 'aws');
    api.connections.reset();
    const aws = await api.connections.resolve();
    assert.equal(aws.status === 'connected' && aws.connection.kind, 'aws', 'the setting forces AWS');
    await setSetting('connection', 'local');
    api.connections.reset();
  });
});
