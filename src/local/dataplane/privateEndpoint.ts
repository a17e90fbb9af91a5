// Invoking APIs the ways AWS accepts for private APIs, against the local gateway:
//   - the `x-apigw-api-id: {api-id}` header, path /{stage}/{path} (any Host, e.g. the VPC
//     endpoint's own DNS name or 127.0.0.1);
//   - Host `{api-id}-{vpce-id}.execute-api.{region}.vpce.amazonaws.com` (Route 53 alias; the API
//     must be associated with that VPC endpoint);
//   - Host `{api-id}.execute-api.{region}.amazonaws.com` (private DNS on the VPC endpoint).
// A local client keeps the Host and connects to 127.0.0.1, e.g.
//   curl --resolve abc123defg.execute-api.us-east-1.amazonaws.com:4510:127.0.0.1 http://abc123defg.execute-api.us-east-1.amazonaws.com:4510/dev/orders
// The local machine stands for "inside the VPC": every request to a private API counts as
// arriving through the configured local VPC endpoint (or the one named in the Host), so the
// API's resource policy is evaluated with that aws:SourceVpce / aws:SourceVpc.
import type { IncomingMessage } from 'node:http';
import type { StoredDeployment, StoredRestApi } from '../state/model';
import type { GatewayResponse } from './gatewayResponses';
import { LOCAL_ACCOUNT_ID } from '../lambda/event';
import { evaluateResourcePolicy } from './resourcePolicy';

export const API_ID_HEADER = 'x-apigw-api-id';
export const DEFAULT_LOCAL_VPC_ENDPOINT_ID = 'vpce-0local00000000000';
export const DEFAULT_LOCAL_VPC_ID = 'vpc-0local00000000000';

export interface PrivateNetwork {
  /** The VPC endpoint local requests are taken to come through (aws:SourceVpce). */
  vpcEndpointId: string;
  /** The VPC they are taken to come from (aws:SourceVpc). */
  vpcId: string;
  region: string;
}

export interface ExecuteApiRoute {
  apiId: string;
  via: 'header' | 'vpce-host' | 'private-dns' | 'path';
  /** The VPC endpoint named in the Host, when there is one. */
  vpceId?: string;
}

const VPCE_HOST = /^([a-z0-9]{10})-(vpce-[0-9a-z]+)\.execute-api\.[a-z0-9-]+\.vpce\.amazonaws\.com$/;
const EXECUTE_API_HOST = /^([a-z0-9]{10})\.execute-api\.[a-z0-9-]+\.amazonaws\.com$/;

/** Which API a request addressed by header or Host is for; undefined when it is not so addressed. */
export function executeApiRoute(req: IncomingMessage): ExecuteApiRoute | undefined {
  const header = req.headers[API_ID_HEADER];
  const apiId = Array.isArray(header) ? header[0] : header;
  if (apiId) return { apiId: apiId.trim(), via: 'header' };
  const host = (req.headers.host ?? '').toLowerCase().replace(/:\d+$/, '');
  const vpce = VPCE_HOST.exec(host);
  if (vpce) return { apiId: vpce[1]!, vpceId: vpce[2]!, via: 'vpce-host' };
  const privateDns = EXECUTE_API_HOST.exec(host);
  if (privateDns) return { apiId: privateDns[1]!, via: 'private-dns' };
  return undefined;
}

/** /{stage}/{path} → the gateway's own data-plane path for that API. */
export function toDataPlanePath(route: ExecuteApiRoute, pathname: string): string | undefined {
  const [, stage, rest = ''] = /^\/([^/]+)(\/.*)?$/.exec(pathname) ?? [];
  if (!stage) return undefined;
  return `/restapis/${encodeURIComponent(route.apiId)}/${stage}/_user_request_${rest}`;
}

export interface AccessCheck {
  api: StoredRestApi;
  deployment: StoredDeployment;
  stageName: string;
  verb: string;
  /** The request path, e.g. /orders/7. */
  path: string;
  route: ExecuteApiRoute;
  network: PrivateNetwork;
  sourceIp: string;
  signed: boolean;
}

export type AccessRefusal = { response: GatewayResponse; detail: string };

const FORBIDDEN: GatewayResponse = { type: 'DEFAULT_4XX', status: 403, errorType: 'ForbiddenException', message: 'Forbidden' };

/** Undefined when the request may proceed; otherwise the 403 AWS would answer, with the reason. */
export function checkInvokeAccess(c: AccessCheck): AccessRefusal | undefined {
  const isPrivate = c.api.endpointConfiguration.types.includes('PRIVATE');
  if (!isPrivate && (c.route.via === 'header' || c.route.via === 'vpce-host')) {
    return { response: FORBIDDEN, detail: `API ${c.api.id} is ${c.api.endpointConfiguration.types.join(', ')}; only PRIVATE APIs are invoked through a VPC endpoint` };
  }
  if (isPrivate && c.route.via === 'vpce-host' && !(c.api.endpointConfiguration.vpcEndpointIds ?? []).includes(c.route.vpceId!)) {
    return {
      response: FORBIDDEN,
      detail: `The Host names VPC endpoint ${c.route.vpceId}, which API ${c.api.id} is not associated with; add it to endpointConfiguration.vpcEndpointIds or use the ${API_ID_HEADER} header`,
    };
  }
  const policy = c.deployment.policy;
  if (!isPrivate && !policy) return undefined;
  const apiArnPrefix = `arn:aws:execute-api:${c.network.region}:${LOCAL_ACCOUNT_ID}:${c.api.id}`;
  const resourceArn = `${apiArnPrefix}/${c.stageName}/${c.verb}/${c.path.replace(/^\//, '')}`;
  const denied = (explicit: boolean, detail: string): AccessRefusal => ({
    response: {
      type: 'ACCESS_DENIED', status: 403, errorType: 'AccessDeniedException',
      message: `User: anonymous is not authorized to perform: execute-api:Invoke on resource: ${resourceArn}${explicit ? ' with an explicit deny' : ''}`,
    },
    detail,
  });
  if (!policy) {
    return denied(false, `private API ${c.api.id} has no resource policy in the deployment stage ${c.stageName} serves; attach one (UpdateRestApi /policy) that allows aws:SourceVpce ${c.network.vpcEndpointId}, then redeploy`);
  }
  const decision = evaluateResourcePolicy(policy, {
    resourceArn, apiArnPrefix, sourceIp: c.sourceIp, signed: c.signed,
    ...(isPrivate ? { sourceVpce: c.route.vpceId ?? c.network.vpcEndpointId, sourceVpc: c.network.vpcId } : {}),
  });
  if (decision.effect === 'allow') return undefined;
  return denied(decision.effect === 'explicit-deny', `resource policy: ${decision.reason}`);
}
