// Property tests (fast-check) for the integration rules: Lambda URI rewriting round-trips and
// leaves other URIs alone, and timeout validation accepts exactly the valid integers.
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  lambdaArnFromUri, lambdaUriForMode, lambdaUriMatchesMode, lambdaUriMode, validateTimeout,
} from '../../../src/core/rules/integrationRules';
import type { TransferMode } from '../../../src/shared/model';
import { bufferedUri, countInputs, mode, RUNS } from '../../fixtures/propertyInputs';

describe('integration rules: properties (fast-check)', () => {
  const counted = countInputs();

  it('Lambda URI: buffered → stream → buffered is the identity, keeps the function ARN, and each form reads as its mode', () => {
    fc.assert(fc.property(bufferedUri, counted('lambdaUri', (b: string) => {
      const s = lambdaUriForMode(b, 'STREAM');
      assert.match(s, /\/2021-11-15\/functions\/.+\/response-streaming-invocations$/);
      assert.equal(lambdaUriForMode(s, 'BUFFERED'), b);
      assert.equal(lambdaUriForMode(lambdaUriForMode(s, 'BUFFERED'), 'STREAM'), s);
      assert.equal(lambdaUriForMode(b, 'BUFFERED'), b, 'idempotent');
      assert.equal(lambdaUriForMode(s, 'STREAM'), s, 'idempotent');
      assert.equal(lambdaUriMode(b), 'BUFFERED');
      assert.equal(lambdaUriMode(s), 'STREAM');
      assert.equal(lambdaArnFromUri(s), lambdaArnFromUri(b));
      assert.match(lambdaArnFromUri(b)!, /^arn:aws[\w-]*:lambda:/);
    })), RUNS);
  });

  it('Lambda URI: anything that is not a Lambda invocation URI is never rewritten', () => {
    const other = fc.oneof(fc.webUrl(), fc.string(), bufferedUri.map((u) => u.replace('/invocations', '/invoke')),
      bufferedUri.map((u) => u.replace('2015-03-31', '2016-01-01')), bufferedUri.map((u) => `${u}/extra?x=1`.replace(/\/invocations\/extra/, '/invocations-x')));
    fc.assert(fc.property(other, mode, counted('nonLambdaUri', (uri: string, m: TransferMode) => {
      if (lambdaUriMode(uri) !== undefined) return;
      assert.equal(lambdaUriForMode(uri, m), uri);
      assert.equal(lambdaUriMatchesMode(uri, m), true);
    })), { numRuns: 200 });
  });

  it('validateTimeout accepts exactly the integers from 50 to the mode maximum (or the raised quota)', () => {
    const edges = fc.constantFrom(-1, 0, 49, 50, 51, 28_999, 29_000, 29_001, 59_999, 60_000, 60_001, 899_999, 900_000, 900_001, Number.MAX_SAFE_INTEGER);
    const ints = fc.oneof(edges, fc.integer({ min: -1_000_000, max: 2_000_000 }));
    const quota = fc.option(fc.integer({ min: 29_000, max: 900_000 }), { nil: undefined });
    fc.assert(fc.property(mode, ints, quota, counted('timeoutInt', (m: TransferMode, t: number, q: number | undefined) => {
      const max = m === 'STREAM' ? 900_000 : (q ?? 29_000);
      const error = validateTimeout(m, t, q);
      if (t >= 50 && t <= max) assert.equal(error, undefined, `${m} ${t} (quota ${q})`);
      else assert.equal(error, `Timeout should be between 50 ms and ${max} ms`);
    })), { numRuns: 1000 });

    const notInts = fc.oneof(
      fc.double({ noNaN: false }).filter((d) => !Number.isInteger(d)),
      fc.constantFrom<unknown>(Number.NaN, Infinity, -Infinity, '1000', null, undefined, true, 1000n, [1000], { valueOf: () => 1000 }),
      fc.integer({ min: 50, max: 29_000 }).map((n) => String(n)),
    );
    fc.assert(fc.property(mode, notInts, counted('timeoutNotInt', (m: TransferMode, t: unknown) => {
      assert.match(validateTimeout(m, t) ?? 'accepted', /^Timeout must be a whole number of milliseconds\. Timeout should be between 50 ms and \d+ ms$/);
    })), { numRuns: 500 });
  });
});
