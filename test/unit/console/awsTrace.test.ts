// A console run's hops on AWS, exercised with the real SDK against the local gateway's
// control plane and CloudWatch Logs API: with access logging off the console is told so (and the
// UpdateStage it offers turns it on); then the next run's lanes come from the stage's access log.
import { strict as assert } from 'node:assert';
import { UpdateStageCommand } from '@aws-sdk/client-api-gateway';
import { startLocalGateway, SAMPLE_STAGE, type LocalGateway } from '../../../src/local/index';
import { RunLifecycle } from '../../../src/extension/console/runLifecycle';
import { RunHistory, type StateStore } from '../../../src/extension/console/runHistory';
import { createTraceReader } from '../../../src/extension/console/traceSources';
import { awsTraceReader } from '../../../src/extension/console/awsTraceSource';
import { enableAccessLogPatch } from '../../../src/core/trace';
import type { HostToWebview, RequestDraft } from '../../../src/shared/protocol';
import { sdkClient } from '../local/helpers';

function memoryStore(): StateStore {
  const data = new Map<string, unknown>();
  return { get: <T>(k: string) => data.get(k) as T | undefined, update: async (k, v) => { data.set(k, JSON.parse(JSON.stringify(v))); } };
}

describe('console run traces on AWS (the SDK against the local gateway\'s CloudWatch Logs API)', function () {
  this.timeout(60_000);
  let gw: LocalGateway;
  before(async () => { gw = await startLocalGateway({ sampleScale: 0.2 }); });
  after(async () => { await gw.close(); });

  it('access logging off → says so; after the offered UpdateStage the lanes come from the access log', async () => {
    const posted: HostToWebview[] = [];
    const history = new RunHistory(memoryStore(), () => 50);
    const readTrace = createTraceReader({
      connectionKind: async () => 'aws', localTrace: () => undefined,
      awsTrace: awsTraceReader(() => ({ region: 'us-east-1', endpoint: gw.url }), 10_000),
    });
    const runs = new RunLifecycle({
      post: (m) => posted.push(m), history, log: { info: () => undefined, warn: () => undefined },
      getApiKey: async () => undefined, settings: () => ({ maxTimeSeconds: 30, idleTimeoutSeconds: 30 }), readTrace,
    });
    const apiId = gw.sampleApiId!;
    const draft: RequestDraft = { method: 'GET', url: gw.invokeUrl(apiId, SAMPLE_STAGE, 'chat'), headers: [], body: '', auth: { kind: 'none' }, format: 'auto' };
    const options = { target: { apiId, resourceId: 'chat', httpMethod: 'GET', path: '/chat' }, mode: { served: 'BUFFERED', configured: 'BUFFERED', stage: 'dev', exact: false } } as const;

    await runs.start(draft, options);
    assert.equal(await runs.lastRunTrace(), undefined);
    const statuses = posted.filter((m): m is Extract<HostToWebview, { type: 'traceStatus' }> => m.type === 'traceStatus');
    assert.deepEqual(statuses.map((s) => [s.state, s.stage]), [['reading', 'dev'], ['accessLogOff', 'dev']]);
    assert.equal(statuses[0]!.message, 'Reading the access log of stage dev…');
    assert.match(statuses[1]!.message, /^Access logging is off on stage dev/);

    const sdk = sdkClient(gw.url);
    try {
      await sdk.send(new UpdateStageCommand({ restApiId: apiId, stageName: 'dev',
        patchOperations: enableAccessLogPatch('arn:aws:logs:us-east-1:123456789012:log-group:sg-hops-access') }));
    } finally { sdk.destroy(); }
    const summary = await runs.start(draft, options);
    const lanes = await runs.lastRunTrace();
    assert.ok(lanes, JSON.stringify(posted.filter((m) => m.type === 'traceStatus').at(-1)));
    assert.equal(lanes.source, 'aws');
    assert.equal(lanes.gateway!.mode, 'BUFFERED');
    assert.equal(lanes.gateway!.writes.length, 0, 'the access log times the first content, not each write');
    assert.equal(lanes.diagnosis.hop, 'gateway', lanes.diagnosis.reason);
    assert.match(lanes.diagnosis.reason, /^buffered at the gateway: .*\(BUFFERED on stage dev\)$/);
    assert.deepEqual(history.get(summary.id)?.trace, lanes);
  });
});
