// Property tests (fast-check) for the pure rules the product leans on: Lambda URI rewriting and
// mode-switch patches round-trip, timeout validation accepts exactly the valid integers, the
// resource tree holds every resource once with consistent parents, the protocol validators
// survive hostile objects, and redaction never lets a generated secret through.
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { applyPatch, buildIntegrationPatch, buildResourceTree } from '../../../src/core/controlplane';
import type { ResourceInfo, ResourceTreeNode } from '../../../src/core/controlplane';
import {
  lambdaArnFromUri, lambdaIntegrationUri, lambdaUriForMode, lambdaUriMatchesMode, lambdaUriMode, validateTimeout,
} from '../../../src/core/rules/integrationRules';
import { redactHeaders } from '../../../src/core/auth/redact';
import { redactText } from '../../../src/shared/redact';
import { isHostToWebview, isWebviewToHost, describeRejected } from '../../../src/shared/protocol';
import type { IntegrationSettings, TransferMode } from '../../../src/shared/model';

const RUNS = { numRuns: 400 };
const count: Record<string, number> = {};
const counted = <A extends unknown[]>(name: string, pred: (...args: A) => void) => (...args: A): void => { count[name] = (count[name] ?? 0) + 1; pred(...args); };

// --- Lambda URIs -------------------------------------------------------------------------------
const partition = fc.constantFrom('aws', 'aws-cn', 'aws-us-gov', 'aws-iso-b');
const region = fc.constantFrom('us-east-1', 'eu-west-3', 'ap-southeast-2', 'cn-north-1', 'us-gov-west-1', 'il-central-1');
const account = fc.stringMatching(/^\d{12}$/);
const fnName = fc.stringMatching(/^[A-Za-z0-9_-]{1,64}$/);
const qualifier = fc.option(fc.stringMatching(/^(\$LATEST|[A-Za-z0-9_-]{1,20})$/), { nil: undefined });
const functionArn = fc.tuple(partition, region, account, fnName, qualifier)
  .map(([p, r, a, n, q]) => `arn:${p}:lambda:${r}:${a}:function:${n}${q ? `:${q}` : ''}`);
const bufferedUri = fc.tuple(partition, region, functionArn).map(([p, r, fn]) => lambdaIntegrationUri(r, fn, 'BUFFERED', p));
const mode = fc.constantFrom<TransferMode>('BUFFERED', 'STREAM');

describe('hardening: properties (fast-check)', () => {
  after(() => {
    // Visible in the test output so the report can quote the numbers of inputs generated.
    console.log(`      inputs generated: ${JSON.stringify(count)}`);
  });

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

  it('patches: switching a Lambda proxy BUFFERED → STREAM → BUFFERED restores the integration exactly, each plan equal to its `after`', () => {
    const settings = fc.record({ uri: bufferedUri, timeout: fc.integer({ min: 50, max: 29_000 }), httpMethod: fc.constantFrom('POST', 'GET') })
      .map(({ uri, timeout, httpMethod }): IntegrationSettings => ({ type: 'AWS_PROXY', uri, httpMethod, responseTransferMode: 'BUFFERED', timeoutInMillis: timeout }));
    const streamTimeout = fc.option(fc.integer({ min: 50, max: 900_000 }), { nil: undefined });
    fc.assert(fc.property(settings, streamTimeout, counted('patchRoundTrip', (original: IntegrationSettings, t: number | undefined) => {
      const toStream = buildIntegrationPatch(original, { responseTransferMode: 'STREAM', ...(t !== undefined ? { timeoutInMillis: t } : {}) });
      assert.ok(!('error' in toStream), JSON.stringify(toStream));
      const streamed = applyPatch(original, toStream.ops);
      assert.deepEqual(streamed, toStream.after);
      assert.equal(streamed.uri, lambdaUriForMode(original.uri!, 'STREAM'));
      assert.ok(toStream.ops.some((o) => o.path === '/uri'), 'the URI is rewritten in the same patch');
      const back = buildIntegrationPatch(streamed, { responseTransferMode: 'BUFFERED', timeoutInMillis: original.timeoutInMillis });
      assert.ok(!('error' in back), JSON.stringify(back));
      assert.deepEqual(applyPatch(streamed, back.ops), back.after);
      assert.deepEqual(back.after, original);
    })), RUNS);
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

  it('resource tree: every resource appears exactly once, under its parent when the parent is listed, children sorted by path', () => {
    // A random forest in GetResources shape, shuffled, some parents not (yet) paged in.
    const forest = fc.integer({ min: 1, max: 60 }).chain((n) => fc.tuple(
      fc.array(fc.option(fc.nat(), { nil: undefined }), { minLength: n, maxLength: n }),
      fc.array(fc.constantFrom('a', 'b', 'chat', 'Chat', '{id}', '{proxy+}', 'v1', 'z-9', 'items'), { minLength: n, maxLength: n }),
      fc.array(fc.boolean(), { minLength: n, maxLength: n }),
      fc.array(fc.nat(), { minLength: n, maxLength: n }),
    )).map(([parents, parts, missing, order]) => {
      const nodes: ResourceInfo[] = [];
      parts.forEach((part, i) => {
        const p = parents[i];
        // Parents always come earlier: acyclic, as API Gateway guarantees.
        const parent = i === 0 || p === undefined ? undefined : nodes[p % i]!;
        const path = parent ? `${parent.path === '/' ? '' : parent.path}/${part}` : i === 0 ? '/' : `/${part}`;
        nodes.push({ id: `id${i}`, ...(parent ? { parentId: parent.id } : {}), path, pathPart: part, methods: {} });
      });
      const listed = nodes.filter((_, i) => i === 0 || !missing[i]);
      const shuffled = listed.map((n, i) => ({ n, k: order[i]! })).sort((a, b) => a.k - b.k).map((x) => x.n);
      return shuffled;
    });
    fc.assert(fc.property(forest, counted('resourceTree', (resources: ResourceInfo[]) => {
      const tree = buildResourceTree(resources);
      const seen = new Map<string, number>();
      const listed = new Set(resources.map((r) => r.id));
      const walk = (list: ResourceTreeNode[], parent: ResourceTreeNode | undefined): void => {
        for (let i = 1; i < list.length; i++) assert.ok(list[i - 1]!.resource.path <= list[i]!.resource.path, 'children sorted by path');
        for (const node of list) {
          seen.set(node.resource.id, (seen.get(node.resource.id) ?? 0) + 1);
          if (parent) assert.equal(node.resource.parentId, parent.resource.id, 'child under its own parent');
          else assert.ok(node.resource.parentId === undefined || !listed.has(node.resource.parentId), 'a top-level node has no listed parent');
          walk(node.children, node);
        }
      };
      walk(tree, undefined);
      assert.equal(seen.size, resources.length, 'every resource is shown');
      for (const [id, n] of seen) assert.equal(n, 1, `${id} shown ${n} times`);
    })), { numRuns: 300 });
  });

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

  describe('redaction never lets a generated secret through', () => {
    const b64chars = fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'.split(''));
    const alnum = (min: number, max: number) => fc.stringMatching(new RegExp(`^[A-Za-z0-9]{${min},${max}}$`));
    const secretKey = fc.array(b64chars, { minLength: 40, maxLength: 40 }).map((a) => a.join(''));
    const sessionToken = fc.array(b64chars, { minLength: 100, maxLength: 400 }).map((a) => `IQoJb3JpZ2lu${a.join('')}`);
    const signature = fc.stringMatching(/^[0-9a-f]{64}$/);
    const accessKeyId = fc.tuple(fc.constantFrom('AKIA', 'ASIA'), fc.stringMatching(/^[A-Z0-9]{16}$/)).map(([p, s]) => p + s);
    const jwt = fc.tuple(alnum(10, 40), alnum(20, 200), alnum(20, 60)).map(([h, p, s]) => `eyJ${h}.${p}.${s}`);
    const apiKey = alnum(20, 128);

    it('redactText: SigV4 headers, bearer tokens, API keys, session tokens and presigned URLs in log lines and JSON', () => {
      fc.assert(fc.property(accessKeyId, secretKey, sessionToken, signature, jwt, apiKey, fc.string({ maxLength: 30 }),
        counted('redactText', (akid: string, sk: string, st: string, sig: string, token: string, key: string, noise: string) => {
          const lines = [
            `${noise} Authorization: AWS4-HMAC-SHA256 Credential=${akid}/20260101/us-east-1/execute-api/aws4_request, SignedHeaders=host;x-amz-date, Signature=${sig} ${noise}`,
            `authorization: Bearer ${token}`,
            `{"authorization":"Bearer ${token}","x-api-key":"${key}","X-Amz-Security-Token":"${st}"}`,
            `x-api-key: ${key}`,
            `X-Amz-Security-Token: ${st}`,
            `GET https://x.execute-api.us-east-1.amazonaws.com/dev/a?X-Amz-Credential=${akid}%2F20260101&X-Amz-Security-Token=${encodeURIComponent(st)}&X-Amz-Signature=${sig}`,
            `aws_secret_access_key = ${sk}`,
            `aws_session_token=${st}`,
            `{"accessKeyId":"${akid}","secretAccessKey":"${sk}","sessionToken":"${st}"}`,
            `https://api.example.com/cb?access_token=${token}&state=1`,
          ];
          for (const line of lines) {
            const out = redactText(line);
            for (const secret of [sk, st, sig, token, key, akid.slice(4)]) {
              if (line.includes(secret)) assert.ok(!out.includes(secret), `leaked ${secret.slice(0, 12)}… from: ${line.slice(0, 80)}… → ${out.slice(0, 160)}`);
            }
          }
        })), { numRuns: 300 });
    });

    it('redactHeaders: secret headers are masked whatever their case and value', () => {
      const secretName = fc.constantFrom('authorization', 'x-api-key', 'x-amz-security-token', 'proxy-authorization', 'cookie', 'set-cookie')
        .chain((n) => fc.array(fc.boolean(), { minLength: n.length, maxLength: n.length }).map((up) => [...n].map((c, i) => (up[i] ? c.toUpperCase() : c)).join('')));
      const value = fc.oneof(
        fc.tuple(fc.constantFrom('Bearer', 'Basic', 'AWS4-HMAC-SHA256', 'Token'), jwt).map(([s, t]) => ({ shown: `${s} ${t}`, secret: t })),
        apiKey.map((k) => ({ shown: k, secret: k })),
        sessionToken.map((t) => ({ shown: t, secret: t })),
        fc.tuple(alnum(1, 10), alnum(8, 40)).map(([n, v]) => ({ shown: `${n}=${v}`, secret: v })),
      );
      fc.assert(fc.property(secretName, value, fc.dictionary(fc.constantFrom('content-type', 'x-amz-date', 'accept'), fc.string({ maxLength: 20 })),
        counted('redactHeaders', (name: string, v: { shown: string; secret: string }, others: Record<string, string>) => {
          const headers = { ...others, [name]: v.shown };
          const out = redactHeaders(headers);
          assert.ok(!JSON.stringify(out).includes(v.secret), `${name}: ${v.shown} → ${out[name]}`);
          for (const [k, val] of Object.entries(others)) assert.equal(out[k], val, 'non-secret headers unchanged');
        })), { numRuns: 500 });
    });
  });
});
