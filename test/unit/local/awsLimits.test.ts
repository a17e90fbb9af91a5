// AWS limits emulated by default: the STREAM idle timeout depends on the endpoint type (30 s
// EDGE, 5 min REGIONAL/PRIVATE; CreateRestApi defaults to EDGE), and `--no-aws-limits` /
// emulateAwsLimits: false switches emulation off. (The 2 MB/s throttle is in throttle.test.ts.)
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { type APIGatewayClient, GetRestApiCommand } from '@aws-sdk/client-api-gateway';
import { EDGE_STREAM_IDLE_TIMEOUT_MS, REGIONAL_STREAM_IDLE_TIMEOUT_MS, streamIdleTimeoutMs } from '../../../src/local/dataplane/awsLimits';
import { startLocalGateway, type LocalGateway } from '../../../src/local/index';
import { deployMethod, sdkClient, startBackend, timedRequest, writeSchedule, type ScriptedBackend } from './helpers';

const ROOT = path.resolve(__dirname, '../../..');

describe('local gateway: AWS limits (endpoint idle timeouts, --no-aws-limits)', function () {
  this.timeout(20_000);
  let backend: ScriptedBackend;
  const gateways: LocalGateway[] = [];
  const clients: APIGatewayClient[] = [];

  before(async () => {
    // A first chunk at once, the next after 1.2 s of silence.
    backend = await startBackend((_req, res) => writeSchedule(res, [{ afterMs: 0, data: 'start\n' }, { afterMs: 1200, data: 'late\n' }]));
  });
  after(async () => {
    clients.forEach((c) => c.destroy());
    await Promise.all(gateways.map((g) => g.close()));
    await backend.close();
  });

  async function gateway(opts: Parameters<typeof startLocalGateway>[0]) {
    const gw = await startLocalGateway({ sample: false, ...opts });
    gateways.push(gw);
    const sdk = sdkClient(gw.url);
    clients.push(sdk);
    return { gw, sdk };
  }

  it('uses AWS values: 30 s idle for EDGE, 5 min for REGIONAL and PRIVATE', () => {
    assert.equal(EDGE_STREAM_IDLE_TIMEOUT_MS, 30_000);
    assert.equal(REGIONAL_STREAM_IDLE_TIMEOUT_MS, 300_000);
    assert.equal(streamIdleTimeoutMs(['EDGE'], { emulate: true }, 900_000), 30_000);
    assert.equal(streamIdleTimeoutMs(['REGIONAL'], { emulate: true }, 900_000), 300_000);
    assert.equal(streamIdleTimeoutMs(['PRIVATE'], { emulate: true }, 900_000), 300_000);
    assert.equal(streamIdleTimeoutMs(['EDGE'], { emulate: false }, 900_000), 900_000, 'without emulation only timeoutInMillis applies');
  });

  it('cuts an idle STREAM on an EDGE API (the CreateRestApi default) but not on a REGIONAL one', async () => {
    const { gw, sdk } = await gateway({ edgeIdleTimeoutMs: 400, regionalIdleTimeoutMs: 5000 });
    const edge = await deployMethod(sdk, '/s', { type: 'HTTP_PROXY', uri: `${backend.url}/s`, mode: 'STREAM', timeoutInMillis: 60_000 });
    assert.deepEqual((await sdk.send(new GetRestApiCommand({ restApiId: edge.apiId }))).endpointConfiguration?.types, ['EDGE']);
    const regional = await deployMethod(sdk, '/s', { type: 'HTTP_PROXY', uri: `${backend.url}/s`, mode: 'STREAM', timeoutInMillis: 60_000, api: { endpointConfiguration: { types: ['REGIONAL'] } } });

    const cut = await timedRequest(gw.invokeUrl(edge.apiId, 'dev', 's'));
    assert.equal(cut.truncated, true, 'EDGE: the connection is cut after the idle timeout');
    assert.equal(cut.body.toString(), 'start\n');
    assert.ok(cut.endAtMs < 1100, `cut at ${cut.endAtMs.toFixed(0)} ms, before the late chunk`);

    const whole = await timedRequest(gw.invokeUrl(regional.apiId, 'dev', 's'));
    assert.equal(whole.truncated, false);
    assert.equal(whole.body.toString(), 'start\nlate\n');
  });

  it('emulateAwsLimits: false lets an idle EDGE stream run to its end', async () => {
    const { gw, sdk } = await gateway({ emulateAwsLimits: false, edgeIdleTimeoutMs: 400 });
    const edge = await deployMethod(sdk, '/s', { type: 'HTTP_PROXY', uri: `${backend.url}/s`, mode: 'STREAM', timeoutInMillis: 60_000 });
    const r = await timedRequest(gw.invokeUrl(edge.apiId, 'dev', 's'));
    assert.equal(r.body.toString(), 'start\nlate\n');
  });

  it('streamgate local says which limits are emulated, and --no-aws-limits turns them off', async () => {
    for (const [flags, expected] of [[[], /AWS limits: emulated \(STREAM 2 MB\/s after 10 MB; STREAM idle timeout 30 s EDGE, 5 min REGIONAL\/PRIVATE\)/], [['--no-aws-limits'], /AWS limits: not emulated/]] as const) {
      const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'local', '--port', '0', '--no-sample', ...flags], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
      try {
        const out = await new Promise<string>((resolve, reject) => {
          let text = '';
          const timer = setTimeout(() => reject(new Error(`no limits line: ${text}`)), 15_000);
          child.stdout!.on('data', (d: Buffer) => { text += d.toString(); if (/AWS limits: .*\n/.test(text)) { clearTimeout(timer); resolve(text); } });
          child.once('exit', (code) => { clearTimeout(timer); reject(new Error(`exited ${code}: ${text}`)); });
        });
        assert.match(out, expected);
      } finally {
        child.kill('SIGTERM');
      }
    }
  });
});
