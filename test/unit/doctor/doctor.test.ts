import { strict as assert } from 'node:assert';
import { buildIntegrationPatch } from '../../../src/core/controlplane';
import { lambdaIntegrationUri } from '../../../src/core/rules/integrationRules';
import { diagnoseIntegration, diagnoseStage, type Diagnostic } from '../../../src/core/rules/doctor';
import type { IntegrationSettings } from '../../../src/shared/model';

const fnArn = 'arn:aws:lambda:us-east-1:123456789012:function:chat';
const bufferedUri = lambdaIntegrationUri('us-east-1', fnArn, 'BUFFERED');
const streamingUri = lambdaIntegrationUri('us-east-1', fnArn, 'STREAM');
const healthyStream: IntegrationSettings = { type: 'AWS_PROXY', uri: streamingUri, responseTransferMode: 'STREAM', timeoutInMillis: 300000 };
const codes = (d: Diagnostic[]) => d.map((x) => x.code);

/** A fix must be something the service accepts and that makes the diagnostic go away. */
function applyFix(settings: IntegrationSettings, d: Diagnostic): IntegrationSettings {
  const plan = buildIntegrationPatch(settings, d.fix!.change!);
  assert.ok('after' in plan, `fix "${d.fix!.label}" is accepted: ${'error' in plan ? plan.error : ''}`);
  return plan.after;
}

describe('streaming doctor: integrations', () => {
  it('a healthy streaming Lambda on a Regional API has nothing to report', () => {
    assert.deepEqual(diagnoseIntegration({ settings: healthyStream, endpointType: 'REGIONAL', stages: [{ name: 'prod', cacheClusterEnabled: false, methodCaching: [] }] }), []);
  });

  it('STREAM on a MOCK integration is an error whose fix switches to BUFFERED', () => {
    const settings: IntegrationSettings = { type: 'MOCK', responseTransferMode: 'STREAM', timeoutInMillis: 60000 };
    const [d] = diagnoseIntegration({ settings });
    assert.equal(d!.code, 'stream-unsupported-type');
    assert.equal(d!.severity, 'error');
    assert.match(d!.message, /MOCK integrations cannot stream/);
    const fixed = applyFix(settings, d!);
    assert.deepEqual([fixed.responseTransferMode, fixed.timeoutInMillis], ['BUFFERED', 29000]);
    assert.deepEqual(diagnoseIntegration({ settings: fixed }), []);
  });

  it('a Lambda URI in the wrong form for the mode is an error; the fix rewrites the URI', () => {
    const settings = { ...healthyStream, uri: bufferedUri };
    const [d] = diagnoseIntegration({ settings });
    assert.equal(d!.code, 'lambda-uri-mode-mismatch');
    assert.match(d!.message, /every invoke will fail/);
    const fixed = applyFix(settings, d!);
    assert.equal(fixed.uri, streamingUri);
    assert.deepEqual(diagnoseIntegration({ settings: fixed }), []);
    const bufferedWithStreamUri = { ...healthyStream, responseTransferMode: 'BUFFERED' as const, timeoutInMillis: 29000 };
    assert.deepEqual(codes(diagnoseIntegration({ settings: bufferedWithStreamUri })), ['lambda-uri-mode-mismatch']);
  });

  it('a BUFFERED timeout over 29 s suggests STREAM first, then lowering it', () => {
    const settings: IntegrationSettings = { type: 'AWS_PROXY', uri: bufferedUri, responseTransferMode: 'BUFFERED', timeoutInMillis: 120000 };
    const [d] = diagnoseIntegration({ settings, bufferedTimeoutQuotaMs: 300000 });
    assert.equal(d!.code, 'buffered-timeout-over-29s');
    assert.equal(d!.severity, 'warning');
    assert.deepEqual(d!.fixes.map((f) => f.change), [{ responseTransferMode: 'STREAM' }, { timeoutInMillis: 29000 }]);
    const fixed = applyFix(settings, d!);
    assert.deepEqual([fixed.responseTransferMode, fixed.uri], ['STREAM', streamingUri]);
    assert.equal(diagnoseIntegration({ settings })[0]!.severity, 'error', 'over the default quota it cannot work at all');
  });

  it('flags STREAM with stage cache, method caching, content handling, compression and response templates', () => {
    const settings: IntegrationSettings = { ...healthyStream, contentHandling: 'CONVERT_TO_TEXT', hasResponseTemplates: true };
    const found = diagnoseIntegration({
      settings, path: '/chat', httpMethod: 'POST', minimumCompressionSize: 1024,
      stages: [
        { name: 'prod', cacheClusterEnabled: true, methodCaching: [{ path: '/chat', httpMethod: 'POST' }] },
        { name: 'dev', cacheClusterEnabled: false, methodCaching: [{ path: '/other', httpMethod: 'GET' }] },
      ],
    });
    assert.deepEqual(codes(found), ['stream-with-stage-cache', 'stream-with-method-caching', 'stream-with-content-handling', 'stream-with-compression', 'stream-with-response-templates']);
    assert.ok(found.every((d) => d.message.length > 20 && d.fix));
    assert.match(found[0]!.message, /Stage "prod"/);
    // The same settings while BUFFERED raise none of the STREAM-only warnings.
    assert.deepEqual(diagnoseIntegration({ settings: { ...settings, responseTransferMode: 'BUFFERED', uri: bufferedUri, timeoutInMillis: 29000 }, minimumCompressionSize: 1024 }), []);
  });

  it('warns about the 30 s idle timeout on edge-optimized endpoints, and about undeployed changes', () => {
    const found = diagnoseIntegration({ settings: healthyStream, endpointType: 'EDGE', undeployedChanges: true });
    assert.deepEqual(codes(found), ['edge-idle-timeout', 'undeployed-changes']);
    assert.match(found[0]!.message, /30 seconds/);
    assert.equal(found[1]!.severity, 'info');
  });
});

describe('streaming doctor: stages', () => {
  const streaming = [{ path: '/chat', httpMethod: 'POST' }, { path: '/feed', httpMethod: 'GET' }];

  it('flags a cache cluster and wildcard method caching only when the stage serves streaming methods', () => {
    const stage = { name: 'prod', cacheClusterEnabled: true, methodCaching: [{ path: '*', httpMethod: '*' }] };
    const found = diagnoseStage({ stage, streamingMethods: streaming });
    assert.deepEqual(codes(found), ['stream-with-stage-cache', 'stream-with-method-caching']);
    assert.match(found[1]!.message, /2 streaming methods \(POST \/chat, GET \/feed\)/);
    assert.deepEqual(diagnoseStage({ stage, streamingMethods: [] }), []);
  });

  it('offers a deploy for undeployed changes and warns about EDGE idle timeouts', () => {
    const found = diagnoseStage({ stage: { name: 'dev', cacheClusterEnabled: false, methodCaching: [] }, streamingMethods: streaming.slice(0, 1), endpointType: 'EDGE', undeployedChanges: true });
    assert.deepEqual(codes(found), ['edge-idle-timeout', 'undeployed-changes']);
    assert.deepEqual(found[1]!.fix, { label: 'Deploy to "dev"', deployStage: 'dev' });
  });
});
