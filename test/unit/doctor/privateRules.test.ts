// Doctor rules for private integrations and PRIVATE APIs: a link that is not AVAILABLE, a
// ${stageVariables.x} connectionId a stage does not define, an unknown link, a PRIVATE API
// without a resource policy — and nothing for the healthy cases.
import assert from 'node:assert/strict';
import { diagnoseIntegration } from '../../../src/core/rules/doctor';
import { diagnosePrivateApi } from '../../../src/core/rules/privateRules';
import type { IntegrationSettings } from '../../../src/shared/model';

const privateIntegration = (connectionId: string, extra: Partial<IntegrationSettings> = {}): IntegrationSettings => ({
  type: 'HTTP_PROXY', uri: 'http://internal-nlb.example/orders', httpMethod: 'GET', responseTransferMode: 'STREAM', timeoutInMillis: 29000,
  connectionType: 'VPC_LINK', connectionId, ...extra,
});
const links = [
  { id: 'ok0001', name: 'orders', status: 'AVAILABLE' },
  { id: 'pend01', name: 'billing', status: 'PENDING', statusMessage: 'VPC link is provisioning ENIs' },
  { id: 'fail01', name: 'broken', status: 'FAILED', statusMessage: 'NLB is already associated with another VPC Endpoint Service' },
];
const stage = (name: string, variables?: Record<string, string>) => ({ name, cacheClusterEnabled: false, methodCaching: [], variables });
const codes = (ds: Array<{ code: string }>) => ds.map((d) => d.code);

describe('doctor: private integrations and PRIVATE APIs', () => {
  it('flags a VPC_LINK integration whose link is not AVAILABLE (FAILED as an error, PENDING as a warning)', () => {
    const failed = diagnoseIntegration({ settings: privateIntegration('fail01'), vpcLinks: links, endpointType: 'REGIONAL' });
    assert.deepEqual(codes(failed), ['vpc-link-not-available']);
    assert.equal(failed[0]!.severity, 'error');
    assert.match(failed[0]!.message, /"broken" \(fail01\) is FAILED — NLB is already associated/);
    const pending = diagnoseIntegration({ settings: privateIntegration('pend01'), vpcLinks: links, endpointType: 'REGIONAL' });
    assert.equal(pending[0]!.severity, 'warning');
    assert.deepEqual(diagnoseIntegration({ settings: privateIntegration('ok0001'), vpcLinks: links, endpointType: 'REGIONAL' }), []);
  });

  it('flags a link id that does not exist, but not a V2 link (integrationTarget) GetVpcLinks cannot list', () => {
    assert.deepEqual(codes(diagnoseIntegration({ settings: privateIntegration('gone00'), vpcLinks: links, endpointType: 'REGIONAL' })), ['vpc-link-unknown']);
    const v2 = privateIntegration('v2link', { integrationTarget: 'arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/a/1' });
    assert.deepEqual(diagnoseIntegration({ settings: v2, vpcLinks: links, endpointType: 'REGIONAL' }), []);
    assert.deepEqual(codes(diagnoseIntegration({ settings: v2, vpcLinks: links, vpcLinksV2Known: true, endpointType: 'REGIONAL' })), ['vpc-link-unknown'],
      'once the V2 links were read too, a missing V2 id is unknown');
    const v2Failed = diagnoseIntegration({ settings: v2, vpcLinks: [...links, { id: 'v2link', name: 'alb', status: 'FAILED' }], vpcLinksV2Known: true, endpointType: 'REGIONAL' });
    assert.deepEqual(codes(v2Failed), ['vpc-link-not-available']);
    assert.deepEqual(diagnoseIntegration({ settings: privateIntegration('gone00'), endpointType: 'REGIONAL' }), [], 'links unknown (not readable): no guess');
  });

  it('flags each stage that does not define the ${stageVariables.x} the connectionId needs, and checks the links the others resolve to', () => {
    const ds = diagnoseIntegration({
      settings: privateIntegration('${stageVariables.vpcLinkId}'), vpcLinks: links, endpointType: 'REGIONAL',
      stages: [stage('prod', { vpcLinkId: 'ok0001' }), stage('dev'), stage('staging', { vpcLinkId: 'fail01' })],
    });
    assert.deepEqual(codes(ds), ['vpc-link-stage-variable-undefined', 'vpc-link-not-available']);
    assert.match(ds[0]!.message, /Stage "dev" does not define the stage variable "vpcLinkId"/);
    assert.match(ds[1]!.message, /used by stage "staging" is FAILED/);
    assert.equal(ds[0]!.fix?.label, 'Add the stage variable vpcLinkId (a VPC link id) to stage "dev"');
  });

  it('leaves INTERNET integrations alone', () => {
    const s: IntegrationSettings = { type: 'HTTP_PROXY', uri: 'https://example.com', responseTransferMode: 'STREAM', timeoutInMillis: 29000, connectionType: 'INTERNET' };
    assert.deepEqual(diagnoseIntegration({ settings: s, vpcLinks: [], endpointType: 'REGIONAL', stages: [stage('dev')] }), []);
  });

  it('flags a PRIVATE API without a resource policy, with what to do', () => {
    const [d, ...rest] = diagnosePrivateApi({ endpointType: 'PRIVATE', hasResourcePolicy: false });
    assert.equal(rest.length, 0);
    assert.equal(d!.code, 'private-api-without-policy');
    assert.equal(d!.severity, 'error');
    assert.match(d!.message, /aws:SourceVpce/);
    assert.deepEqual(diagnosePrivateApi({ endpointType: 'PRIVATE', hasResourcePolicy: true }), []);
    assert.deepEqual(diagnosePrivateApi({ endpointType: 'REGIONAL' }), []);
  });
});
