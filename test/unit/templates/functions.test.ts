// End to end through the function runner (Lambda Runtime API, runtime processes): the SAM
// example's RESPONSE_STREAM function streams, its buffered one buffers, its provided.al2023
// bash runtime answers; the CloudFormation and cdk.out fixtures' Lambda methods stream too.
import assert from 'node:assert/strict';
import { startLocalGateway, type LocalGateway } from '../../../src/local';
import { applyPlan, loadTemplate, type AppliedApi, type TemplatePlan } from '../../../src/local/templates';
import { sdkClient, timedRequest } from '../local/helpers';
import { CDK_FIXTURE, CFN_FIXTURE, EXAMPLE, installExampleDependencies } from './helpers';

describe('template functions through the runner', function () {
  this.timeout(60_000);
  let gateway: LocalGateway;
  const served: Array<{ plan: TemplatePlan; apis: AppliedApi[] }> = [];
  /** How long the body took to arrive, from its first chunk to its last: ~0 when buffered. */
const spreadMs = (r: { chunks: Array<{ atMs: number }> }) => (r.chunks.at(-1)?.atMs ?? 0) - (r.chunks[0]?.atMs ?? 0);
const url = (i: number, route: string) => gateway.invokeUrl(served[i]!.apis[0]!.apiId, served[i]!.apis[0]!.stages[0]!, route);

  before(async () => {
    installExampleDependencies();
    const plans = [loadTemplate(EXAMPLE), loadTemplate(CFN_FIXTURE, { parameterOverrides: { BackendUrl: 'http://127.0.0.1:9' } }), loadTemplate(CDK_FIXTURE)];
    gateway = await startLocalGateway({ sample: false, functions: plans.flatMap((p) => p.functions) });
    const client = sdkClient(gateway.url);
    for (const plan of plans) served.push({ plan, apis: await applyPlan(client, plan) });
  });
  after(() => gateway.close());

  it('SAM example: the RESPONSE_STREAM chat streams token by token, using its own dependency (ms)', async () => {
    const r = await timedRequest(url(0, '/chat?delayMs=80'));
    assert.equal(r.status, 200, r.body.toString());
    assert.match(String(r.headers['content-type']), /text\/event-stream/);
    const events = r.body.toString().split('\n\n').filter(Boolean);
    assert.equal(events.at(-1), 'data: [DONE]');
    const first = JSON.parse(events[0]!.slice('data: '.length)) as { token: string; elapsed: string };
    assert.equal(first.token, 'Hello', 'GREETING from Globals');
    assert.match(first.elapsed, /^\d+ms$/, 'formatted by ms from the function\'s node_modules');
    // 17 tokens 80 ms apart: streamed, they arrive spread over more than a second (a cold start may come first).
    assert.ok(r.chunks.length >= 5, `${r.chunks.length} chunks`);
    assert.ok(spreadMs(r) > 700, `chunks spread over ${spreadMs(r).toFixed(0)} ms`);
  });

  it('SAM example: the buffered summary arrives all at once', async () => {
    const r = await timedRequest(url(0, '/summary?delayMs=80'));
    assert.equal(r.status, 200, r.body.toString());
    assert.match((JSON.parse(r.body.toString()) as { summary: string }).summary, /^Hello a buffered answer/);
    // 8 pauses of 80 ms inside the function, then one body: nothing arrives before it is complete.
    assert.ok(r.firstByteAtMs! > 600, `first byte at ${r.firstByteAtMs?.toFixed(0)} ms`);
    assert.ok(spreadMs(r) < 50, `body arrived within ${spreadMs(r).toFixed(0)} ms`);
  });

  it('SAM example: the provided.al2023 function is its own bash bootstrap', async () => {
    const r = await timedRequest(url(0, '/shell'));
    assert.equal(r.status, 200, r.body.toString());
    const body = JSON.parse(r.body.toString()) as { runtime: string; shell: string; greeting: string; eventBytes: number };
    assert.deepEqual([body.runtime, body.shell, body.greeting], ['provided.al2023', 'bash', 'Hello']);
    assert.ok(body.eventBytes > 100, 'it received the proxy event');
  });

  it('CloudFormation and cdk.out fixtures: their Lambda methods stream through the runner', async () => {
    const cfn = await timedRequest(url(1, '/events'), { method: 'POST' });
    assert.equal(cfn.status, 200, cfn.body.toString());
    assert.equal(cfn.body.toString(), [0, 1, 2, 3, 4].map((i) => `data: {"i": ${i}}\n\n`).join(''));
    assert.ok(spreadMs(cfn) > 250, `cfn chunks spread over ${spreadMs(cfn).toFixed(0)} ms`);
    const cdk = await timedRequest(url(2, '/chat'), { method: 'POST' });
    assert.equal(cdk.status, 200, cdk.body.toString());
    assert.equal(cdk.body.toString(), 'data: cdk\n\ndata: out\n\ndata: streams\n\n');
    assert.ok(spreadMs(cdk) > 120, `cdk chunks spread over ${spreadMs(cdk).toFixed(0)} ms`);
  });
});
