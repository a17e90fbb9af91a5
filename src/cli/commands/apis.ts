// `streamgate apis list`: every REST API with its resources, methods and integrations,
// as JSON (for CI) or a readable table. Listing uses the fewest calls the API allows:
// ceil(n/500) GetRestApis pages, then ceil(m/500) GetResources pages (embed=methods) per API.
import * as l10n from '@vscode/l10n';
import { parseArgs, stringFlag, UsageError, type ParsedArgs } from '../args';
import {
  ControlPlaneService,
  createApiGatewayClient,
  describeAwsError,
  isLocalEndpoint,
  type ConnectionConfig,
  type ResourceInfo,
  type RestApiSummary,
} from '../../core/controlplane';

export const CONNECTION_FLAGS = { endpoint: { value: true }, region: { value: true }, profile: { value: true } } as const;

/** Connection settings from --endpoint/--region/--profile, falling back to the AWS env vars. */
export function connectionFromFlags(args: ParsedArgs, env: NodeJS.ProcessEnv = process.env): ConnectionConfig {
  const endpoint = stringFlag(args, 'endpoint');
  if (endpoint !== undefined) {
    let url: URL;
    try {
      url = new URL(endpoint);
    } catch {
      throw new UsageError(l10n.t('--endpoint "{0}" is not a URL; use e.g. http://127.0.0.1:4510', endpoint));
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new UsageError(l10n.t('--endpoint must be an http(s) URL, got "{0}"', endpoint));
  }
  const region = stringFlag(args, 'region') ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? (isLocalEndpoint(endpoint) ? 'us-east-1' : undefined);
  if (!region) throw new UsageError(l10n.t('--region is required (or set AWS_REGION)'));
  const profile = stringFlag(args, 'profile');
  return { region, ...(endpoint ? { endpoint } : {}), ...(profile ? { profile } : {}) };
}

/** Runs the action; any SDK/credential/network error becomes one actionable line. */
export async function withReadableErrors<T>(action: () => Promise<T>): Promise<T> {
  try {
    return await action();
  } catch (err) {
    if (err instanceof UsageError) throw err;
    throw new Error(describeAwsError(err).message, { cause: err });
  }
}

export interface ApiListing {
  id: string;
  name: string;
  resources: Array<{
    id: string;
    path: string;
    methods: Record<string, { integration: { type: string; uri?: string; responseTransferMode: string; timeoutInMillis: number } | null }>;
  }>;
}

function toListingResource(r: ResourceInfo): ApiListing['resources'][number] {
  const methods: ApiListing['resources'][number]['methods'] = {};
  for (const verb of Object.keys(r.methods).sort()) {
    const i = r.methods[verb]!.integration;
    methods[verb] = {
      integration: i ? { type: i.type, ...(i.uri !== undefined ? { uri: i.uri } : {}), responseTransferMode: i.responseTransferMode, timeoutInMillis: i.timeoutInMillis } : null,
    };
  }
  return { id: r.id, path: r.path, methods };
}

/** Lists every API with its resources; a few APIs at a time so throttling stays in check. */
export async function listApisWithResources(service: ControlPlaneService, signal?: AbortSignal, concurrency = 3): Promise<ApiListing[]> {
  const apis = await service.listAllRestApis(signal);
  const out: ApiListing[] = new Array(apis.length);
  let next = 0;
  const worker = async () => {
    while (next < apis.length) {
      const index = next++;
      const api: RestApiSummary = apis[index]!;
      const resources = await service.listAllResources(api.id, signal);
      resources.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
      out[index] = { id: api.id, name: api.name, resources: resources.map(toListingResource) };
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, apis.length) }, worker));
  return out;
}

export function formatApiTable(apis: ApiListing[]): string {
  if (apis.length === 0) return 'No REST APIs found.\n';
  // RESOURCE is the id `integration set --resource` takes (or give --path with the PATH).
  const rows: string[][] = [['API', 'RESOURCE', 'PATH', 'METHOD', 'TYPE', 'MODE', 'TIMEOUT']];
  for (const api of apis) {
    const label = `${api.name} (${api.id})`;
    let first = true;
    for (const r of api.resources) {
      for (const [verb, m] of Object.entries(r.methods)) {
        const i = m.integration;
        rows.push([first ? label : '', r.id, r.path, verb, i?.type ?? '(none)', i?.responseTransferMode ?? '', i ? `${i.timeoutInMillis} ms` : '']);
        first = false;
      }
    }
    if (first) rows.push([label, '', '(no methods)', '', '', '', '']);
  }
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((row) => row[c]!.length)));
  return rows.map((row) => row.map((cell, c) => cell.padEnd(widths[c]!)).join('  ').trimEnd()).join('\n') + '\n';
}

export async function runApis(argv: string[]): Promise<number> {
  const args = parseArgs(argv, { ...CONNECTION_FLAGS, json: {} });
  const [sub, ...extra] = args.positionals;
  if (sub !== 'list') throw new UsageError(sub ? l10n.t('unknown subcommand "apis {0}"; use "apis list"', sub) : l10n.t('missing subcommand; use "apis list"'));
  if (extra.length > 0) throw new UsageError(l10n.t('unexpected argument "{0}"', extra[0]));
  const service = new ControlPlaneService(createApiGatewayClient(connectionFromFlags(args)));
  const apis = await withReadableErrors(() => listApisWithResources(service));
  process.stdout.write(args.flags.json === true ? JSON.stringify(apis, null, 2) + '\n' : formatApiTable(apis));
  return 0;
}
