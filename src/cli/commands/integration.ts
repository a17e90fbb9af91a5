// `streamgate integration set`: change an integration's transfer mode and/or timeout in one
// validated UpdateIntegration call (rewriting a Lambda URI to match), optionally deploy.
import { numberFlag, parseArgs, requireFlag, stringFlag, UsageError } from '../args';
import { ControlPlaneService, createApiGatewayClient, type ChangeResult } from '../../core/controlplane';
import type { IntegrationChange, TransferMode } from '../../shared/model';
import { CONNECTION_FLAGS, connectionFromFlags, withReadableErrors } from './apis';

const FLAGS = {
  ...CONNECTION_FLAGS,
  api: { value: true },
  resource: { value: true },
  path: { value: true },
  method: { value: true },
  mode: { value: true },
  timeout: { value: true },
  deploy: { value: true },
  json: {},
} as const;

function parseMode(value: string | undefined): TransferMode | undefined {
  if (value === undefined) return undefined;
  const upper = value.toUpperCase();
  if (upper !== 'STREAM' && upper !== 'BUFFERED') throw new UsageError(`--mode must be STREAM or BUFFERED, got "${value}"`);
  return upper;
}

function describeChange(result: ChangeResult, path: string): string {
  const { before, after } = result;
  if (result.ops.length === 0) return `${path}: already ${after.responseTransferMode}, ${after.timeoutInMillis} ms; nothing changed`;
  const parts = [`${path}: ${before.responseTransferMode} ${before.timeoutInMillis} ms -> ${after.responseTransferMode} ${after.timeoutInMillis} ms`];
  if (before.uri !== after.uri) parts.push(`uri rewritten to ${after.uri}`);
  return parts.join('; ');
}

/** The id of the resource at `path` (a trailing slash is ignored), or a usage error naming the paths there are. */
async function resourceIdForPath(service: ControlPlaneService, apiId: string, path: string): Promise<string> {
  const wanted = path.length > 1 ? path.replace(/\/+$/, '') : path;
  const resources = await service.listAllResources(apiId);
  const found = resources.find((r) => r.path === wanted);
  if (found) return found.id;
  const known = resources.map((r) => r.path).sort().slice(0, 20).join(', ');
  throw new UsageError(`API ${apiId} has no resource at path "${path}"; its paths: ${known || '(none)'}`);
}

export async function runIntegration(argv: string[]): Promise<number> {
  const args = parseArgs(argv, FLAGS);
  const [sub, ...extra] = args.positionals;
  if (sub !== 'set') throw new UsageError(sub ? `unknown subcommand "integration ${sub}"; use "integration set"` : 'missing subcommand; use "integration set"');
  if (extra.length > 0) throw new UsageError(`unexpected argument "${extra[0]}"`);
  const apiId = requireFlag(args, 'api');
  const resourceFlag = stringFlag(args, 'resource');
  const pathFlag = stringFlag(args, 'path');
  if (resourceFlag !== undefined && pathFlag !== undefined) throw new UsageError('give --resource ID or --path /P, not both');
  if (resourceFlag === undefined && pathFlag === undefined) throw new UsageError('--resource ID or --path /P is required (both are listed by "streamgate apis list")');
  if (pathFlag !== undefined && !pathFlag.startsWith('/')) throw new UsageError(`--path must start with "/", e.g. /chat; got "${pathFlag}"`);
  const httpMethod = requireFlag(args, 'method').toUpperCase();
  const change: IntegrationChange = {};
  const mode = parseMode(stringFlag(args, 'mode'));
  if (mode) change.responseTransferMode = mode;
  const timeout = numberFlag(args, 'timeout');
  if (timeout !== undefined) change.timeoutInMillis = timeout;
  if (!mode && timeout === undefined) throw new UsageError('nothing to change: give --mode STREAM|BUFFERED and/or --timeout MS');
  const stage = stringFlag(args, 'deploy');
  if (stage === '') throw new UsageError('--deploy needs a stage name');

  const service = new ControlPlaneService(createApiGatewayClient(connectionFromFlags(args)));
  const resourceId = resourceFlag ?? await withReadableErrors(() => resourceIdForPath(service, apiId, pathFlag!));
  const ref = { apiId, resourceId, httpMethod };
  const result = await withReadableErrors(() => service.changeIntegration(ref, change));
  let deploymentId: string | undefined;
  if (stage !== undefined) {
    const description = `streamgate: ${ref.httpMethod} ${ref.resourceId} ${result.after.responseTransferMode} ${result.after.timeoutInMillis} ms`;
    try {
      deploymentId = (await withReadableErrors(() => service.deploy(ref.apiId, stage, description))).deploymentId;
    } catch (err) {
      // The integration did change; say so, so nobody assumes the whole command was a no-op.
      throw new Error(`the integration was changed, but deploying to stage "${stage}" failed: ${(err as Error).message}`, { cause: err });
    }
  }
  const a = result.after;
  if (args.flags.json === true) {
    const out = { type: a.type, ...(a.uri !== undefined ? { uri: a.uri } : {}), responseTransferMode: a.responseTransferMode, timeoutInMillis: a.timeoutInMillis, ...(deploymentId ? { deploymentId } : {}) };
    process.stdout.write(JSON.stringify(out, null, 2) + '\n');
  } else {
    const line = describeChange(result, `${ref.httpMethod} ${ref.resourceId} (${a.type})`);
    process.stdout.write(line + (deploymentId ? `\ndeployed to stage "${stage}" (deployment ${deploymentId})` : stage === undefined ? '\nnot deployed yet: add --deploy STAGE to make it take effect' : '') + '\n');
  }
  return 0;
}
