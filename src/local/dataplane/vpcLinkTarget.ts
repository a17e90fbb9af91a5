// Private integrations locally: an HTTP_PROXY integration with connectionType VPC_LINK reaches
// the local service its VPC link is mapped to (`--vpc-link NAME_OR_ID=http://127.0.0.1:PORT`).
// The integration URI keeps its path and query and sets the Host header, as on AWS (where the
// URI host only names the Host header / TLS name and the NLB or ALB does the routing).
// Failures answer as AWS does for a VPC link it cannot use: 500 "Internal server error",
// with the reason (here: which mapping is missing) in the execution-log detail.
import { findVpcLink, settleVpcLinks, STAGE_VARIABLE_REF } from '../controlplane/vpcLinkOps';
import type { GatewayState, StoredIntegration, StoredVpcLink } from '../state/model';
import { configurationError } from './upstream';

/** AWS's execution-log text when a private integration cannot reach its target. */
export const VPC_LINK_INTERNAL_ERROR = 'There was an internal error while executing your request';

export interface VpcLinkRouting {
  state: GatewayState;
  /** Link name or id → the local origin it stands for. */
  mappings: ReadonlyMap<string, URL>;
  provisionMs: number;
}

/** Parses `NAME_OR_ID=http://127.0.0.1:PORT` pairs (the CLI flag and the option share it). */
export function parseVpcLinkMappings(entries: Record<string, string> | readonly string[] | undefined): Map<string, URL> {
  const pairs: Array<[string, string]> = Array.isArray(entries)
    ? entries.map((e) => {
      const eq = e.indexOf('=');
      if (eq <= 0) throw new Error(`VPC link mapping "${e}" must look like NAME_OR_ID=http://127.0.0.1:PORT`);
      return [e.slice(0, eq).trim(), e.slice(eq + 1).trim()];
    })
    : Object.entries(entries ?? {});
  const out = new Map<string, URL>();
  for (const [key, raw] of pairs) {
    if (!key) throw new Error(`VPC link mapping for "${raw}" has no link name or id before "="`);
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      throw new Error(`VPC link mapping ${key}=${raw}: "${raw}" is not a URL; use http://127.0.0.1:PORT`);
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error(`VPC link mapping ${key}=${raw}: use an http:// or https:// URL`);
    if ((url.pathname !== '/' && url.pathname !== '') || url.search) {
      throw new Error(`VPC link mapping ${key}=${raw}: give only scheme, host and port; the path and query come from the integration URI`);
    }
    out.set(key, url);
  }
  return out;
}

function describe(link: StoredVpcLink): string {
  return `VPC link ${link.id} ("${link.name}", ${link.version})`;
}

/** The link id an integration uses on this stage (resolving `${stageVariables.x}`). */
export function resolveConnectionId(i: StoredIntegration, stageName: string, stageVariables: Record<string, string> | undefined): string {
  const raw = i.connectionId ?? '';
  const ref = STAGE_VARIABLE_REF.exec(raw);
  if (!ref) return raw;
  const value = stageVariables?.[ref[1]!];
  if (!value) {
    throw configurationError(`${VPC_LINK_INTERNAL_ERROR} (connectionId ${raw}: stage "${stageName}" does not define the stage variable "${ref[1]}"; add it with UpdateStage /variables/${ref[1]})`);
  }
  return value;
}

/** The URL a private integration's request goes to locally: the mapped origin + the URI's path and query. */
export function privateIntegrationTarget(i: StoredIntegration, filledUri: URL, stageName: string, stageVariables: Record<string, string> | undefined, routing: VpcLinkRouting): URL {
  const id = resolveConnectionId(i, stageName, stageVariables);
  settleVpcLinks(routing.state, routing.provisionMs);
  const link = findVpcLink(routing.state, id);
  if (!link) throw configurationError(`${VPC_LINK_INTERNAL_ERROR} (no VPC link with id "${id}")`);
  if (link.status !== 'AVAILABLE') {
    throw configurationError(`${VPC_LINK_INTERNAL_ERROR} (${describe(link)} is ${link.status}${link.statusMessage ? `: ${link.statusMessage}` : ''})`);
  }
  const origin = routing.mappings.get(link.id) ?? routing.mappings.get(link.name);
  if (!origin) {
    throw configurationError(`${VPC_LINK_INTERNAL_ERROR} (${describe(link)} has no local mapping: start the local gateway with --vpc-link ${link.name}=http://127.0.0.1:PORT or --vpc-link ${link.id}=http://127.0.0.1:PORT)`);
  }
  const target = new URL(filledUri.pathname + filledUri.search, origin);
  return target;
}
