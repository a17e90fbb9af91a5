import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { applyPatch, buildIntegrationPatch, buildUndoPatch } from '../../../src/core/controlplane';
import { lambdaUriMatchesMode, validateTimeout } from '../../../src/core/rules/integrationRules';
import type { IntegrationSettings, IntegrationType, TransferMode } from '../../../src/shared/model';
import { lambdaUri } from './fakeApiGateway';

const lambdaBuffered: IntegrationSettings = { type: 'AWS_PROXY', httpMethod: 'POST', uri: lambdaUri('chat'), responseTransferMode: 'BUFFERED', timeoutInMillis: 29000 };

describe('buildIntegrationPatch', () => {
  it('switching a Lambda proxy to STREAM rewrites the URI in the same patch', () => {
    const plan = buildIntegrationPatch(lambdaBuffered, { responseTransferMode: 'STREAM', timeoutInMillis: 300000 });
    assert.ok('ops' in plan);
    assert.deepEqual(plan.ops, [
      { op: 'replace', path: '/responseTransferMode', value: 'STREAM' },
      { op: 'replace', path: '/timeoutInMillis', value: '300000' },
      { op: 'replace', path: '/uri', value: lambdaUri('chat', true) },
    ]);
    assert.equal(plan.after.uri, lambdaUri('chat', true));
  });

  it('switching back to BUFFERED restores the 2015-03-31 invocations form', () => {
    const streaming = { ...lambdaBuffered, uri: lambdaUri('chat', true), responseTransferMode: 'STREAM' as const };
    const plan = buildIntegrationPatch(streaming, { responseTransferMode: 'BUFFERED' });
    assert.ok('ops' in plan);
    assert.equal(plan.after.uri, lambdaUri('chat'));
  });

  it('refuses STREAM on a type that cannot stream, naming the allowed types', () => {
    const plan = buildIntegrationPatch({ type: 'MOCK', responseTransferMode: 'BUFFERED', timeoutInMillis: 29000 }, { responseTransferMode: 'STREAM' });
    assert.ok('error' in plan);
    assert.match(plan.error, /only supported for HTTP_PROXY and AWS_PROXY integrations, not MOCK/);
  });

  it('checks the timeout against the resulting mode, with AWS wording', () => {
    const tooLong = buildIntegrationPatch(lambdaBuffered, { timeoutInMillis: 60000 });
    assert.ok('error' in tooLong);
    assert.equal(tooLong.error, 'Timeout should be between 50 ms and 29000 ms');
    const ok = buildIntegrationPatch(lambdaBuffered, { responseTransferMode: 'STREAM', timeoutInMillis: 900000 });
    assert.ok('ops' in ok);
    const quota = buildIntegrationPatch(lambdaBuffered, { timeoutInMillis: 60000 }, 120000);
    assert.ok('ops' in quota, 'a raised BUFFERED quota allows longer timeouts');
  });

  it('refuses BUFFERED when the current long timeout would no longer fit, and says what to do', () => {
    const streaming: IntegrationSettings = { ...lambdaBuffered, uri: lambdaUri('chat', true), responseTransferMode: 'STREAM', timeoutInMillis: 600000 };
    const plan = buildIntegrationPatch(streaming, { responseTransferMode: 'BUFFERED' });
    assert.ok('error' in plan);
    assert.match(plan.error, /between 50 ms and 29000 ms.*current timeout 600000 ms.*set a timeout together with the mode/);
  });

  it('rejects unknown modes, fractional timeouts and empty changes', () => {
    assert.ok('error' in buildIntegrationPatch(lambdaBuffered, { responseTransferMode: 'STREAMING' as TransferMode }));
    assert.ok('error' in buildIntegrationPatch(lambdaBuffered, { timeoutInMillis: 100.5 }));
    assert.ok('error' in buildIntegrationPatch(lambdaBuffered, {}));
  });

  it('asking for the current values produces no operations', () => {
    const plan = buildIntegrationPatch(lambdaBuffered, { responseTransferMode: 'BUFFERED', timeoutInMillis: 29000 });
    assert.ok('ops' in plan);
    assert.deepEqual(plan.ops, []);
  });

  it('re-asserting the mode repairs a mismatched Lambda URI (the doctor fix)', () => {
    const broken = { ...lambdaBuffered, responseTransferMode: 'STREAM' as const };
    const plan = buildIntegrationPatch(broken, { responseTransferMode: 'STREAM' });
    assert.ok('ops' in plan);
    assert.deepEqual(plan.ops, [{ op: 'replace', path: '/uri', value: lambdaUri('chat', true) }]);
  });

  const settingsArb = fc.record({
    type: fc.constantFrom<IntegrationType>('HTTP', 'HTTP_PROXY', 'AWS', 'AWS_PROXY', 'MOCK'),
    responseTransferMode: fc.constantFrom<TransferMode>('BUFFERED', 'STREAM'),
    timeoutInMillis: fc.integer({ min: 50, max: 900000 }),
    uri: fc.option(fc.oneof(fc.constant(lambdaUri('f')), fc.constant(lambdaUri('f', true)), fc.constant('https://example.com/x')), { nil: undefined }),
  }).map((s) => (s.uri === undefined ? { type: s.type, responseTransferMode: s.responseTransferMode, timeoutInMillis: s.timeoutInMillis } : { ...s }) as IntegrationSettings);
  const changeArb = fc.record({
    responseTransferMode: fc.option(fc.constantFrom<TransferMode>('BUFFERED', 'STREAM'), { nil: undefined }),
    timeoutInMillis: fc.option(fc.integer({ min: -10, max: 1_000_000 }), { nil: undefined }),
  }, { requiredKeys: [] });

  it('property: a plan is valid, applying its ops gives `after`, and undo restores the original exactly', () => {
    fc.assert(fc.property(settingsArb, changeArb, (current, change) => {
      const plan = buildIntegrationPatch(current, change);
      if ('error' in plan) return;
      assert.deepEqual(applyPatch(current, plan.ops), plan.after);
      const mode = plan.after.responseTransferMode;
      if (mode === 'STREAM') assert.ok(['HTTP_PROXY', 'AWS_PROXY'].includes(current.type));
      assert.ok(lambdaUriMatchesMode(plan.after.uri, mode), 'Lambda URI matches the mode');
      if (change.timeoutInMillis !== undefined || mode !== current.responseTransferMode) assert.equal(validateTimeout(mode, plan.after.timeoutInMillis), undefined);
      assert.ok(plan.ops.length <= 3 && new Set(plan.ops.map((o) => o.path)).size === plan.ops.length, 'each field at most once');
      assert.deepEqual(applyPatch(plan.after, buildUndoPatch(current)), current);
    }), { numRuns: 500 });
  });
});
