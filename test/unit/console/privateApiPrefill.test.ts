// The console prefill for a PRIVATE API's method: the x-apigw-api-id form against the local
// gateway (and a curl --resolve equivalent), the private-DNS form plus what AWS needs otherwise.
import assert from 'node:assert/strict';
import { privateApiPrefill, type PrivateApiTarget } from '../../../src/extension/console/privateApiPrefill';

const local: PrivateApiTarget = {
  apiId: 'abc123defg', region: 'us-east-1', path: '/orders', stages: ['dev', 'prod'], kind: 'local',
  invokeUrl: (a, s, p) => `http://127.0.0.1:4510/restapis/${a}/${s}/_user_request_${p}`,
};

describe('console prefill for PRIVATE APIs', () => {
  it('local: /{stage}/{path} on the gateway with x-apigw-api-id, one target per stage, and a curl --resolve form', () => {
    const p = privateApiPrefill({ method: 'GET', title: 'GET /orders', headers: { accept: 'text/event-stream' } }, local);
    assert.equal(p.prefill.url, 'http://127.0.0.1:4510/dev/orders');
    assert.deepEqual(p.prefill.headers, { accept: 'text/event-stream', 'x-apigw-api-id': 'abc123defg' });
    assert.deepEqual(p.prefill.invokeTargets?.map((t) => t.url), ['http://127.0.0.1:4510/dev/orders', 'http://127.0.0.1:4510/prod/orders']);
    assert.equal(p.curl, 'curl --resolve abc123defg.execute-api.us-east-1.amazonaws.com:4510:127.0.0.1 http://abc123defg.execute-api.us-east-1.amazonaws.com:4510/dev/orders');
    assert.match(p.explanation, /PRIVATE API/);
    assert.match(p.explanation, /x-apigw-api-id: abc123defg/);
  });

  it('AWS: the private-DNS URL, and the explanation names the VPC endpoint and the policy an AWS user needs', () => {
    const p = privateApiPrefill({ method: 'GET' }, { ...local, kind: 'aws', stages: ['prod'], invokeUrl: () => 'unused' });
    assert.equal(p.prefill.url, 'https://abc123defg.execute-api.us-east-1.amazonaws.com/prod/orders');
    assert.equal(p.prefill.headers?.['x-apigw-api-id'], 'abc123defg');
    assert.match(p.explanation, /interface VPC endpoint for execute-api/);
    assert.match(p.explanation, /inside the VPC with private DNS/);
    assert.match(p.explanation, /aws:SourceVpce/);
    assert.match(p.curl, /^curl -H 'x-apigw-api-id: abc123defg' https:\/\/VPCE_DNS_NAME\/prod\/orders$/);
  });
});
