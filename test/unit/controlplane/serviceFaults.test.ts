// The control plane under the faults AWS produces, over real HTTP with the real SDK against the
// local gateway's fault hook: throttling and 5xx retried with backoff, a bounded number of
// retries ending in a clear "throttled" error, ConflictException while two changes race on one
// integration (never half applied, undo still exact), and credentials that expire or go missing.
import assert from 'node:assert/strict';
import {
  CreateResourceCommand, CreateRestApiCommand, PutIntegrationCommand, PutMethodCommand, type APIGatewayClient,
} from '@aws-sdk/client-api-gateway';
import type { AwsCredentialIdentity } from '@smithy/types';
import fc from 'fast-check';
import {
  applyPatch, buildIntegrationPatch, ControlPlaneService, createApiGatewayClient, describeAwsError, type IntegrationRef,
} from '../../../src/core/controlplane';
import { lambdaIntegrationUri, lambdaUriForMode, lambdaUriMatchesMode, validateTimeout } from '../../../src/core/rules/integrationRules';
import type { IntegrationChange, IntegrationSettings, TransferMode } from '../../../src/shared/model';
import { startLocalGateway, type FaultSpec, type LocalGateway } from '../../../src/local';
import { faultHook } from '../local/helpers';

const FN_ARN = 'arn:aws:lambda:us-east-1:123456789012:function:hardening';
const BUFFERED_URI = lambdaIntegrationUri('us-east-1', FN_ARN, 'BUFFERED');

interface Attempts { attempts?: number; totalRetryDelay?: number }

/** Records the SDK's attempt count and total backoff of every call (the initialize step wraps the retries). */
function recordAttempts(client: APIGatewayClient): Attempts[] {
  const seen: Attempts[] = [];
  client.middlewareStack.add((next) => async (args) => {
    try {
      const out = await next(args);
      seen.push({ ...(out.output as { $metadata: Attempts }).$metadata });
      return out;
    } catch (err) {
      seen.push({ ...(err as { $metadata?: Attempts }).$metadata });
      throw err;
    }
  }, { step: 'initialize', name: 'hardeningRecordAttempts' });
  return seen;
}

describe('hardening: control plane faults (local gateway fault hook)', function () {
  this.timeout(30_000);
  let gw: LocalGateway;
  let admin: APIGatewayClient;
  let apiId: string;
  let ref: IntegrationRef;

  const arm = async (spec: FaultSpec): Promise<void> => {
    const res = await faultHook(gw).arm({ ...spec });
    assert.equal(res.status, 200, await res.text());
  };
  const pending = async (): Promise<FaultSpec[]> => (await faultHook(gw).pending()) as unknown as FaultSpec[];
  const clearFaults = async (): Promise<void> => { await faultHook(gw).clear(); };

  async function putIntegration(s: IntegrationSettings): Promise<void> {
    await admin.send(new PutIntegrationCommand({
      restApiId: apiId, resourceId: ref.resourceId, httpMethod: 'POST', type: s.type, integrationHttpMethod: 'POST',
      uri: s.uri, responseTransferMode: s.responseTransferMode, timeoutInMillis: s.timeoutInMillis,
    }));
  }

  before(async () => {
    gw = await startLocalGateway({ port: 0, sample: false });
    admin = createApiGatewayClient({ region: 'us-east-1', endpoint: gw.url, maxAttempts: 1 });
    const api = await admin.send(new CreateRestApiCommand({ name: 'hardening' }));
    apiId = api.id!;
    const res = await admin.send(new CreateResourceCommand({ restApiId: apiId, parentId: api.rootResourceId, pathPart: 'chat' }));
    await admin.send(new PutMethodCommand({ restApiId: apiId, resourceId: res.id, httpMethod: 'POST', authorizationType: 'NONE' }));
    ref = { apiId, resourceId: res.id!, httpMethod: 'POST' };
    await putIntegration({ type: 'AWS_PROXY', uri: BUFFERED_URI, responseTransferMode: 'BUFFERED', timeoutInMillis: 29_000 });
  });
  afterEach(clearFaults);
  after(async () => { admin.destroy(); await gw.close(); });

  it('429, 503 and ThrottlingException in a row are retried with backoff inside ONE call, which then succeeds', async () => {
    const client = createApiGatewayClient({ region: 'us-east-1', endpoint: gw.url });
    const attempts = recordAttempts(client);
    try {
      await arm({ count: 1, errorType: 'TooManyRequestsException' });
      await arm({ count: 1, errorType: 'ServiceUnavailableException' });
      // AWS also sends ThrottlingException with a 400 status: the SDK must recognise it by name.
      await arm({ count: 1, errorType: 'ThrottlingException', status: 400 });
      const s = new ControlPlaneService(client);
      const started = performance.now();
      const resources = await s.listAllResources(apiId);
      const took = performance.now() - started;
      assert.equal(resources.length, 2);
      assert.equal(resources.find((r) => r.id === ref.resourceId)!.methods.POST!.integration?.uri, BUFFERED_URI);
      assert.deepEqual(await pending(), [], 'each injected fault was hit exactly once');
      assert.equal(s.callCount, 1, 'retries stay inside one counted call');
      assert.equal(attempts.at(-1)!.attempts, 4);
      assert.ok(attempts.at(-1)!.totalRetryDelay! > 0, 'the retries waited (backoff)');
      // The 429 carried Retry-After: 1, which the SDK honours.
      assert.ok(took >= 1000, `three retries took only ${took.toFixed(0)} ms`);
    } finally {
      client.destroy();
    }
  });

  it('persistent throttling ends after the configured attempts with a clear "throttled" error, and the tree works again after', async () => {
    const client = createApiGatewayClient({ region: 'us-east-1', endpoint: gw.url, maxAttempts: 3 });
    const attempts = recordAttempts(client);
    try {
      await arm({ count: 50, errorType: 'ThrottlingException', status: 400, message: 'Rate exceeded' });
      const s = new ControlPlaneService(client);
      const err = await s.listRestApis().then(() => undefined, (e: unknown) => e);
      assert.ok(err, 'the call failed');
      const d = describeAwsError(err);
      assert.equal(d.kind, 'throttled');
      assert.equal(d.retryable, true);
      assert.equal(d.message, 'API Gateway is throttling requests (Rate exceeded). Wait a few seconds and retry.');
      assert.equal(attempts.at(-1)!.attempts, 3);
      assert.equal((await pending())[0]!.count, 47, 'exactly 3 attempts reached the server: no retry storm');
      await clearFaults();
      assert.equal((await s.listRestApis()).items.length, 1, 'usable again once throttling stops');
    } finally {
      client.destroy();
    }
  });

  it('5xx that persists is reported as a retryable failure with its status, not as a crash', async () => {
    const client = createApiGatewayClient({ region: 'us-east-1', endpoint: gw.url, maxAttempts: 2 });
    try {
      await arm({ count: 5, errorType: 'InternalFailure', status: 500, message: 'We encountered an internal error' });
      const err = await new ControlPlaneService(client).listRestApis().then(() => undefined, (e: unknown) => e);
      const d = describeAwsError(err);
      assert.deepEqual([d.kind, d.retryable], ['other', true]);
      assert.match(d.message, /^API Gateway failed \(500\): We encountered an internal error\. Retry in a moment\.$/);
      assert.equal((await pending())[0]!.count, 3);
    } finally {
      client.destroy();
    }
  });

  it('ConflictException on one of two racing UpdateIntegration calls: the other applies fully, the loser changes nothing, undo is exact', async () => {
    const original: IntegrationSettings = { type: 'AWS_PROXY', uri: BUFFERED_URI, responseTransferMode: 'BUFFERED', timeoutInMillis: 29_000, httpMethod: 'POST' };
    await putIntegration(original);
    const client = createApiGatewayClient({ region: 'us-east-1', endpoint: gw.url });
    try {
      const s = new ControlPlaneService(client);
      const snapshot = (await s.getIntegration(apiId, ref.resourceId, 'POST'))!;
      await arm({ count: 1, errorType: 'ConflictException', message: 'Unable to complete operation due to concurrent modification. Please try again later.', match: `PATCH /restapis/${apiId}/resources/${ref.resourceId}/methods/POST/integration` });
      const results = await Promise.allSettled([
        s.changeIntegration(ref, { responseTransferMode: 'STREAM', timeoutInMillis: 600_000 }, { current: snapshot }),
        s.changeIntegration(ref, { timeoutInMillis: 10_000 }, { current: snapshot }),
      ]);
      const won = results.filter((r) => r.status === 'fulfilled');
      const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
      assert.equal(won.length, 1, 'one change went through');
      assert.equal(lost.length, 1, 'the other got the conflict (ConflictException is not retried blindly)');
      const d = describeAwsError(lost[0]!.reason);
      assert.equal(d.kind, 'conflict');
      assert.match(d.message, /^Conflict: Unable to complete operation due to concurrent modification.*refresh and retry\.$/);
      const winner = (won[0] as PromiseFulfilledResult<Awaited<ReturnType<typeof s.changeIntegration>>>).value;
      const stored = (await s.getIntegration(apiId, ref.resourceId, 'POST'))!;
      assert.deepEqual(stored, winner.after, 'the stored integration is exactly the winner\'s result');
      assert.deepEqual(stored, applyPatch(snapshot, winner.ops), 'all of the winner\'s ops, none of the loser\'s');
      assert.ok(lambdaUriMatchesMode(stored.uri, stored.responseTransferMode), 'mode and Lambda URI agree');
      const restored = await s.undo(ref, winner.before);
      assert.deepEqual(restored, snapshot);
      assert.deepEqual(await s.getIntegration(apiId, ref.resourceId, 'POST'), snapshot);
    } finally {
      client.destroy();
    }
  });

  it('property: two changes racing from the same stale read never leave a mixed or invalid integration, and undo restores it', async function () {
    this.timeout(40_000);
    const client = createApiGatewayClient({ region: 'us-east-1', endpoint: gw.url, maxAttempts: 1 });
    const s = new ControlPlaneService(client);
    const modeArb = fc.constantFrom<TransferMode>('BUFFERED', 'STREAM');
    const timeoutArb = fc.oneof(fc.integer({ min: 50, max: 29_000 }), fc.integer({ min: 29_001, max: 900_000 }));
    const startArb = fc.record({ mode: modeArb, timeout: timeoutArb }).filter(({ mode, timeout }) => validateTimeout(mode, timeout) === undefined);
    const changeArb: fc.Arbitrary<IntegrationChange> = fc.record({ responseTransferMode: modeArb, timeoutInMillis: timeoutArb }, { requiredKeys: [] })
      .filter((c) => c.responseTransferMode !== undefined || c.timeoutInMillis !== undefined);
    let runs = 0;
    try {
      await fc.assert(fc.asyncProperty(startArb, changeArb, changeArb, async (start, a, b) => {
        runs++;
        const original: IntegrationSettings = {
          type: 'AWS_PROXY', httpMethod: 'POST', responseTransferMode: start.mode, timeoutInMillis: start.timeout,
          uri: lambdaUriForMode(BUFFERED_URI, start.mode),
        };
        await putIntegration(original);
        const snapshot = (await s.getIntegration(apiId, ref.resourceId, 'POST'))!;
        const plans = [a, b].map((c) => buildIntegrationPatch(snapshot, c));
        const results = await Promise.allSettled([a, b].map((c) => s.changeIntegration(ref, c, { current: snapshot })));
        const stored = (await s.getIntegration(apiId, ref.resourceId, 'POST'))!;

        // Every state the server may hold if each UpdateIntegration is all-or-nothing.
        const okOps = results.map((r, i) => {
          const plan = plans[i]!;
          if (r.status === 'rejected' || 'error' in plan) return undefined;
          return plan.ops;
        });
        const candidates = [snapshot];
        const [opsA, opsB] = okOps;
        if (opsA) candidates.push(applyPatch(snapshot, opsA));
        if (opsB) candidates.push(applyPatch(snapshot, opsB));
        if (opsA && opsB) candidates.push(applyPatch(applyPatch(snapshot, opsA), opsB), applyPatch(applyPatch(snapshot, opsB), opsA));
        assert.ok(candidates.some((c) => JSON.stringify(c) === JSON.stringify(stored)),
          `stored ${JSON.stringify(stored)} is not the result of whole updates (${JSON.stringify(results.map((r) => r.status))})`);
        assert.ok(lambdaUriMatchesMode(stored.uri, stored.responseTransferMode), `mode/URI mismatch: ${JSON.stringify(stored)}`);
        assert.equal(validateTimeout(stored.responseTransferMode, stored.timeoutInMillis), undefined, `invalid timeout kept: ${JSON.stringify(stored)}`);
        // Refusals are explained, never silent.
        for (const r of results) if (r.status === 'rejected') assert.ok(['bad-request'].includes(describeAwsError(r.reason).kind), String(r.reason));

        await s.undo(ref, snapshot);
        assert.deepEqual(await s.getIntegration(apiId, ref.resourceId, 'POST'), snapshot);
      }), { numRuns: 40 });
    } finally {
      client.destroy();
    }
    assert.equal(runs, 40);
  });

  describe('credentials that expire or go missing while running', () => {
    const valid = (): AwsCredentialIdentity => ({
      accessKeyId: 'ASIAHARDENINGTEST0001', secretAccessKey: 'hardeningSecretKeyValue0000000000000000000', sessionToken: 'IQoJb3JpZ2luX2VjHardeningSessionToken',
      // Inside the SDK's refresh window: the provider is asked again for every call, as an SSO
      // session about to expire is.
      expiration: new Date(Date.now() + 60_000),
    });

    it('an SSO session that expires mid-session gives "expired-credentials" with the login command; after login the same service works', async () => {
      let state: 'valid' | 'expired' = 'valid';
      let providerCalls = 0;
      const provider = async (): Promise<AwsCredentialIdentity> => {
        providerCalls++;
        if (state === 'expired') {
          throw Object.assign(new Error('The SSO session associated with this profile has expired or is otherwise invalid. To refresh this SSO session run aws sso login with the corresponding profile.'), { name: 'CredentialsProviderError' });
        }
        return valid();
      };
      const client = createApiGatewayClient({ region: 'us-east-1', endpoint: gw.url, credentials: provider });
      try {
        const s = new ControlPlaneService(client);
        assert.equal((await s.listRestApis()).items.length, 1);
        state = 'expired';
        const err = await s.listRestApis().then(() => undefined, (e: unknown) => e);
        const d = describeAwsError(err);
        assert.equal(d.kind, 'expired-credentials');
        assert.equal(d.retryable, true);
        assert.match(d.message, /^Your AWS credentials have expired \(.*\)\. Sign in again, e\.g\. "aws sso login --profile <profile>", then retry\.$/);
        state = 'valid';
        assert.equal((await s.listRestApis()).items.length, 1, 'a retry after signing in works without a new client');
        assert.ok(providerCalls >= 3, `provider asked ${providerCalls} times`);
      } finally {
        client.destroy();
      }
    });

    it('the server rejecting an expired token gives "expired-credentials" and never echoes the token', async () => {
      const client = createApiGatewayClient({ region: 'us-east-1', endpoint: gw.url, credentials: valid() });
      try {
        await arm({ count: 1, errorType: 'ExpiredTokenException', status: 403, message: 'The security token included in the request is expired: token=IQoJb3JpZ2luX2VjHardeningSessionToken' });
        const err = await new ControlPlaneService(client).listRestApis().then(() => undefined, (e: unknown) => e);
        const d = describeAwsError(err);
        assert.equal(d.kind, 'expired-credentials');
        assert.match(d.message, /aws sso login/);
        assert.ok(!d.message.includes('IQoJb3JpZ2luX2VjHardeningSessionToken'), d.message);
      } finally {
        client.destroy();
      }
    });

    it('missing credentials give an actionable "configure a profile" message, with nothing sent', async () => {
      const before = (await pending()).length;
      const provider = async (): Promise<AwsCredentialIdentity> => {
        throw Object.assign(new Error('Could not load credentials from any providers'), { name: 'CredentialsProviderError' });
      };
      const client = createApiGatewayClient({ region: 'us-east-1', endpoint: gw.url, credentials: provider });
      try {
        // A fault armed for the next call proves no request reached the server.
        await arm({ count: 1, errorType: 'AccessDeniedException' });
        const err = await new ControlPlaneService(client).listRestApis().then(() => undefined, (e: unknown) => e);
        const d = describeAwsError(err);
        assert.equal(d.kind, 'expired-credentials');
        assert.match(d.message, /^No AWS credentials found \(Could not load credentials from any providers\)\. Configure a profile/);
        assert.equal((await pending()).length, before + 1, 'the armed fault is still pending: nothing was sent');
      } finally {
        client.destroy();
      }
    });
  });
});
