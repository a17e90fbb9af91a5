// Property test (fast-check): the protocol validators survive hostile objects.
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { isHostToWebview, isWebviewToHost, describeRejected } from '../../../src/shared/protocol';
import { countInputs } from '../../fixtures/propertyInputs';

describe('protocol: properties (fast-check)', () => {
  const counted = countInputs();

  it('protocol validators: objects claiming every known type with random or hostile content never throw', () => {
    const types = ['init', 'prefill', 'runStarted', 'phase', 'headers', 'chunks', 'runEnded', 'history', 'runLoaded', 'compare', 'apiKeyState', 'notice',
      'ready', 'send', 'abort', 'openRun', 'exportRun', 'copyRequest', 'saveBody', 'setApiKey', 'clearApiKey', 'deleteRun', 'clearHistory', 'webviewError'];
    const hostile = (type: string, kind: number): unknown => {
      const target = { type, runId: 'r', request: {}, summary: {}, chunks: [{}], headers: {}, entries: [{}], runs: [{}, {}] };
      switch (kind) {
        case 0: return new Proxy(target, { get: (_t, k) => (k === 'type' ? type : (() => { throw new Error(`get ${String(k)}`); })()) });
        case 1: return new Proxy(target, { ownKeys: () => { throw new Error('ownKeys'); }, getPrototypeOf: () => { throw new Error('proto'); } });
        case 2: return new Proxy(target, { has: () => { throw new Error('has'); }, getOwnPropertyDescriptor: () => { throw new Error('gopd'); } });
        case 3: return JSON.parse(`{"type":"${type}","__proto__":{"polluted":true},"constructor":{"prototype":{"x":1}}}`) as unknown;
        default: {
          const cyclic: Record<string, unknown> = { type };
          cyclic.request = cyclic; cyclic.summary = cyclic; cyclic.headers = cyclic; cyclic.chunks = [cyclic]; cyclic.run = cyclic;
          return cyclic;
        }
      }
    };
    fc.assert(fc.property(fc.constantFrom(...types), fc.dictionary(fc.string({ maxLength: 10 }), fc.anything({ withNullPrototype: true, withBoxedValues: true }), { maxKeys: 6 }),
      fc.integer({ min: 0, max: 5 }), counted('validators', (type: string, rest: Record<string, unknown>, kind: number) => {
        const random = { ...rest, type };
        for (const value of [random, hostile(type, kind)]) {
          assert.doesNotThrow(() => isHostToWebview(value));
          assert.doesNotThrow(() => isWebviewToHost(value));
          assert.doesNotThrow(() => describeRejected(value));
        }
        assert.equal(({} as Record<string, unknown>).polluted, undefined, 'no prototype pollution');
      })), { numRuns: 2000 });
  });
});
