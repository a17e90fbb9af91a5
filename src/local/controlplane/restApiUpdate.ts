// UpdateRestApi (PATCH /restapis/{id}): the fields private APIs need — the resource policy, the
// endpoint type and its VPC endpoint ids — plus name and description. Ops apply to a copy that
// is checked as a whole, then stored: a change is never half applied.
import { badRequest } from '../http/awsError';
import type { StoredRestApi } from '../state/model';
import { parseBooleanValue, patchSegments, requireValue, unsupportedPatch, type PatchOperation } from './patch';

export const ENDPOINT_TYPES = ['REGIONAL', 'EDGE', 'PRIVATE'];

/** A resource policy must be a JSON object with a Statement; returns it unchanged when it is. */
export function checkPolicyDocument(policy: string): string {
  let doc: unknown;
  try {
    doc = JSON.parse(policy);
  } catch {
    throw badRequest('Invalid policy document: the policy is not valid JSON. Please check the policy syntax and try again.');
  }
  const statement = (doc as { Statement?: unknown } | null)?.Statement;
  if (!doc || typeof doc !== 'object' || Array.isArray(doc) || (statement === undefined)) {
    throw badRequest('Invalid policy document: expected a JSON object with a "Statement". Please check the policy syntax and try again.');
  }
  return policy;
}

export function updateRestApi(api: StoredRestApi, ops: PatchOperation[]): StoredRestApi {
  const next = structuredClone({
    name: api.name, description: api.description, policy: api.policy,
    endpointConfiguration: api.endpointConfiguration, disableExecuteApiEndpoint: api.disableExecuteApiEndpoint,
  });
  for (const op of ops) {
    const [field, sub, key] = patchSegments(op.path);
    const replaceOnly = () => { if (op.op !== 'replace') throw unsupportedPatch(op); };
    switch (field) {
      case 'name': replaceOnly(); next.name = requireValue(op); break;
      case 'description': replaceOnly(); next.description = requireValue(op); break;
      case 'disableExecuteApiEndpoint': replaceOnly(); next.disableExecuteApiEndpoint = parseBooleanValue(op); break;
      case 'policy':
        if (op.op === 'remove') { delete next.policy; break; }
        replaceOnly();
        next.policy = requireValue(op) === '' ? undefined : checkPolicyDocument(requireValue(op));
        break;
      case 'endpointConfiguration': {
        const ec = next.endpointConfiguration;
        if (sub === 'types' && key && op.op === 'replace') {
          const type = requireValue(op).toUpperCase();
          if (!ENDPOINT_TYPES.includes(type)) throw badRequest(`Invalid endpoint configuration type: ${type}. Valid values are ${ENDPOINT_TYPES.join(', ')}`);
          if (!ec.types.includes(key)) throw badRequest(`Invalid patch path ${op.path}: the API's endpoint type is ${ec.types.join(', ')}`);
          ec.types = ec.types.map((t) => (t === key ? type : t));
        } else if (sub === 'vpcEndpointIds' && (op.op === 'add' || op.op === 'remove')) {
          const id = requireValue(op);
          const ids = new Set(ec.vpcEndpointIds ?? []);
          if (op.op === 'add') ids.add(id); else ids.delete(id);
          ec.vpcEndpointIds = [...ids];
        } else {
          throw unsupportedPatch(op);
        }
        break;
      }
      default:
        throw unsupportedPatch(op);
    }
  }
  if (!next.name) throw badRequest('The REST API name must not be empty');
  const ec = next.endpointConfiguration;
  if (ec.vpcEndpointIds?.length && !ec.types.includes('PRIVATE')) {
    throw badRequest('VPC endpoint ids can only be associated with a PRIVATE endpoint configuration');
  }
  if (ec.vpcEndpointIds && ec.vpcEndpointIds.length === 0) delete ec.vpcEndpointIds;
  Object.assign(api, next);
  if (next.policy === undefined) delete api.policy;
  return api;
}
