// VPC links: API Gateway's V1 links (/vpclinks, one NLB ARN in targetArns) and apigatewayv2's V2
// links (/v2/vpclinks, subnets and security groups), which REST APIs accept since November 2025
// with an integrationTarget (ALB or NLB). Both start PENDING and turn AVAILABLE after a
// provisioning delay, as on AWS (where it takes minutes; locally `provisionMs`, default 1 s).
import { badRequest, conflict, notFound } from '../http/awsError';
import { newId } from '../state/ids';
import type { GatewayState, StoredIntegration, StoredVpcLink } from '../state/model';
import type { GatewayStore } from '../state/store';
import { optString, optStringList, optStringMap, reqString, type JsonObject } from './input';
import { patchSegments, requireValue, unsupportedPatch, type PatchOperation } from './patch';

export const DEFAULT_VPC_LINK_PROVISION_MS = 1000;

/** `${stageVariables.name}` as a whole connectionId: resolved per stage at invoke time. */
export const STAGE_VARIABLE_REF = /^\$\{stageVariables\.([A-Za-z0-9_]+)\}$/;

const ELB_ARN = /^arn:aws[\w-]*:elasticloadbalancing:[\w-]+:\d{12}:loadbalancer\/(net|app)\/[\w-]+\/[\w]+$/;
const LISTENER_OR_LB_ARN = /^arn:aws[\w-]*:elasticloadbalancing:[\w-]+:\d{12}:(loadbalancer|listener)\/(net|app)\/[\w-]+\/\w+(\/\w+)?$/;

export function vpcLinksOf(state: GatewayState): StoredVpcLink[] {
  return (state.vpcLinks ??= []);
}

/** Advances PENDING links whose provisioning delay has passed. Returns true when one changed. */
export function settleVpcLinks(state: GatewayState, provisionMs: number, now = Date.now()): boolean {
  let changed = false;
  for (const link of vpcLinksOf(state)) {
    if (link.status === 'PENDING' && now - link.createdAtMs >= provisionMs) {
      link.status = 'AVAILABLE';
      link.statusMessage = 'Your VPC link is ready to route traffic';
      changed = true;
    }
  }
  return changed;
}

export function findVpcLink(state: GatewayState, id: string, version?: StoredVpcLink['version']): StoredVpcLink | undefined {
  return vpcLinksOf(state).find((l) => l.id === id && (version === undefined || l.version === version));
}

export function requireVpcLink(state: GatewayState, id: string, version: StoredVpcLink['version']): StoredVpcLink {
  const link = findVpcLink(state, id, version);
  if (!link) throw notFound(version === 'V1' ? 'Invalid VPC link identifier specified' : `Unable to find VpcLink with id '${id}'`);
  return link;
}

export function createVpcLinkV1(store: GatewayStore, body: JsonObject): StoredVpcLink {
  const name = reqString(body, 'name');
  const targetArns = optStringList(body, 'targetArns');
  if (!targetArns || targetArns.length === 0) {
    throw badRequest("1 validation error detected: Value null at 'targetArns' failed to satisfy constraint: Member must not be null");
  }
  if (targetArns.length !== 1) throw badRequest('A VPC link V1 targets exactly one Network Load Balancer: give one ARN in targetArns');
  const arn = targetArns[0]!;
  const kind = ELB_ARN.exec(arn)?.[1];
  if (!kind) throw badRequest(`Invalid target ARN ${arn}: expected arn:aws:elasticloadbalancing:REGION:ACCOUNT:loadbalancer/net/NAME/ID`);
  const link: StoredVpcLink = {
    id: newId(6), version: 'V1', name, description: optString(body, 'description'), targetArns,
    status: 'PENDING', statusMessage: 'VPC link is provisioning ENIs', tags: optStringMap(body, 'tags'), createdAtMs: Date.now(),
  };
  // V1 links reach Network Load Balancers only; an ALB needs a V2 link and an integrationTarget.
  if (kind === 'app') {
    link.status = 'FAILED';
    link.statusMessage = `${arn} is an Application Load Balancer; VPC links V1 need a Network Load Balancer. Create a VPC link V2 (apigatewayv2 CreateVpcLink) and set the integration's integrationTarget to the ALB.`;
  }
  vpcLinksOf(store.state).push(link);
  return link;
}

export function createVpcLinkV2(store: GatewayStore, body: JsonObject): StoredVpcLink {
  const name = reqString(body, 'name');
  const subnetIds = optStringList(body, 'subnetIds');
  if (!subnetIds || subnetIds.length === 0) throw badRequest('SubnetIds must not be empty: a VPC link V2 needs at least one subnet');
  const link: StoredVpcLink = {
    id: newId(6), version: 'V2', name, subnetIds, securityGroupIds: optStringList(body, 'securityGroupIds') ?? [],
    status: 'PENDING', statusMessage: 'VPC link is provisioning ENIs', tags: optStringMap(body, 'tags') ?? {}, createdAtMs: Date.now(),
  };
  vpcLinksOf(store.state).push(link);
  return link;
}

export function updateVpcLinkV1(link: StoredVpcLink, ops: PatchOperation[]): StoredVpcLink {
  const next = structuredClone(link);
  for (const op of ops) {
    const [field] = patchSegments(op.path);
    if (op.op !== 'replace') throw unsupportedPatch(op);
    if (field === 'name') next.name = requireValue(op);
    else if (field === 'description') next.description = requireValue(op);
    else throw unsupportedPatch(op);
  }
  if (!next.name) throw badRequest('The VPC link name must not be empty');
  Object.assign(link, next);
  return link;
}

/** Integrations (current or deployed) that name the link directly, as "API METHOD /path". */
function usersOf(store: GatewayStore, linkId: string): string[] {
  const users: string[] = [];
  for (const api of store.state.restApis) {
    const trees = [api.resources, ...api.deployments.map((d) => d.snapshot)];
    for (const tree of trees) {
      for (const r of tree) {
        for (const m of Object.values(r.resourceMethods)) {
          const i = m.methodIntegration;
          const label = `${api.id} ${m.httpMethod} ${r.path}`;
          if (i?.connectionType === 'VPC_LINK' && i.connectionId === linkId && !users.includes(label)) users.push(label);
        }
      }
    }
  }
  return users;
}

export function deleteVpcLink(store: GatewayStore, link: StoredVpcLink): void {
  const users = usersOf(store, link.id);
  if (users.length) {
    throw conflict(`VPC link ${link.id} is still used by ${users.length} integration(s) (${users.slice(0, 5).join(', ')}${users.length > 5 ? ', …' : ''}): point them elsewhere and redeploy, or delete those deployments, first`);
  }
  store.state.vpcLinks = vpcLinksOf(store.state).filter((l) => l !== link);
}

/**
 * AWS's checks on an integration's connection fields, made at PutIntegration/UpdateIntegration:
 * a VPC_LINK integration names an existing link (or a stage variable, checked at invoke time),
 * V2 links need integrationTarget, V1 links and INTERNET integrations must not have one.
 */
export function validateConnection(state: GatewayState, i: StoredIntegration): void {
  if (i.connectionType !== 'VPC_LINK') {
    if (i.connectionId) throw badRequest('connectionId is only valid when connectionType is VPC_LINK');
    if (i.integrationTarget) throw badRequest('integrationTarget is only valid for private integrations (connectionType VPC_LINK with a VPC link V2)');
    return;
  }
  if (i.type !== 'HTTP' && i.type !== 'HTTP_PROXY') {
    throw badRequest(`Connection type VPC_LINK is only supported for HTTP and HTTP_PROXY integrations, not ${i.type}`);
  }
  if (!i.connectionId) throw badRequest('connectionId is required when connectionType is VPC_LINK: give a VPC link id or ${stageVariables.NAME}');
  if (i.integrationTarget !== undefined && !LISTENER_OR_LB_ARN.test(i.integrationTarget)) {
    throw badRequest(`Invalid integrationTarget ${i.integrationTarget}: expected the ARN of an Application or Network Load Balancer (or its listener)`);
  }
  if (STAGE_VARIABLE_REF.test(i.connectionId)) return;
  const link = findVpcLink(state, i.connectionId);
  if (!link) throw badRequest(`Invalid VPC link identifier specified: ${i.connectionId}`);
  if (link.version === 'V2' && !i.integrationTarget) {
    throw badRequest(`VPC link ${link.id} is a VPC link V2: set integrationTarget to the ARN of the Application or Network Load Balancer to send requests to`);
  }
  if (link.version === 'V1' && i.integrationTarget) {
    throw badRequest(`VPC link ${link.id} is a VPC link V1 (it targets ${link.targetArns?.[0] ?? 'an NLB'}); integrationTarget applies to VPC links V2 only`);
  }
}

export function vpcLinkV1Shape(l: StoredVpcLink): Record<string, unknown> {
  return { id: l.id, name: l.name, description: l.description, targetArns: l.targetArns, status: l.status, statusMessage: l.statusMessage, tags: l.tags };
}

/** apigatewayv2's shape: vpcLinkId, vpcLinkStatus, vpcLinkVersion and an ISO createdDate. */
export function vpcLinkV2Shape(l: StoredVpcLink): Record<string, unknown> {
  return {
    vpcLinkId: l.id, name: l.name, subnetIds: l.subnetIds, securityGroupIds: l.securityGroupIds, tags: l.tags,
    vpcLinkStatus: l.status, vpcLinkStatusMessage: l.statusMessage, vpcLinkVersion: 'V2', createdDate: new Date(l.createdAtMs).toISOString(),
  };
}
