// `streamgate integration set`: change an integration's transfer mode and/or timeout in one
// validated UpdateIntegration call (rewriting a Lambda URI to match), optionally deploy.
import * as l10n from '@vscode/l10n';
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
  if (upper !== 'STREAM' && upper !== 'BUFFERED') throw new UsageError(l10n.t('--mode must be STREAM or BUFFERED, got "{0}"', value));
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
  throw new UsageError(l10n.t('API {0} has no resource at path "{1}"; its paths: {2}', apiId, path, known || l10n.t('(none)')));
}

export async function runIntegration(argv: string[]): Promise<number> {
  const args = parseArgs(argv, FLAGS);
  const [sub, ...extra] = args.positionals;
  if (sub !== 'set') throw new UsageError(sub ? l10n.t('unknown subcommand "integration {0}"; use "integration set"', sub) : l10n.t('missing subcommand; use "integration set"'));
  if (extra.length > 0) throw new UsageError(l10n.t('unexpected argument "{0}"', extra[0]));
  const apiId = requireFlag(args, 'api');
  const resourceFlag = stringFlag(args, 'resource');
  const pathFlag = stringFlag(args, 'path');
  if (resourceFlag !== undefined && pathFlag !== undefined) throw new UsageError(l10n.t('give --resource ID or --path /P, not both'));
  if (resourceFlag === undefined && pathFlag === undefined) throw new UsageError(l10n.t('--resource ID or --path /P is required (both are listed by "streamgate apis list")'));
  if (pathFlag !== undefined && !pathFlag.startsWith('/')) throw new UsageError(l10n.t('--path must start with "/", e.g. /chat; got "{0}"', pathFlag));
  const httpMethod = requireFlag(args, 'method').toUpperCase();
  const change: IntegrationChange = {};
  const mode = parseMode(stringFlag(args, 'mode'));
  if (mode) change.responseTransferMode = mode;
  const timeout = numberFlag(args, 'timeout');
  if (timeout !== undefined) change.timeoutInMillis = timeout;
  if (!mode && timeout === undefined) throw new UsageError(l10n.t('nothing to change: give --mode STREAM|BUFFERED and/or --timeout MS'));
  const stage = stringFlag(args, 'deploy');
  if (stage === '') throw new UsageError(l10n.t('--deploy needs a stage name'));

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
      throw new Error(l10n.t('the integration was changed, but deploying to stage "{0}" failed: {1}', stage, (err as Error).message), { cause: err });
    }
  }
  const a = result.after;
  if (args.flags.json === true) {
    const out = { type: a.type, ...(a.uri !== undefined ? { uri: a.uri } : {}), responseTransferMode: a.responseTransferMode, timeoutInMillis: a.timeoutInMillis, ...(deploymentId ? { deploymentId } : {}) };
    process.stdout.write(JSON.stringify(out, null, 2) + '\n');
  } else {
    const line = describeChange(result, `${ref.httpMethod} ${ref.resourceId} (${a.type})`);
    process.stdout.write(line + (deploymentId ? `\n${l10n.t('deployed to stage "{0}" (deployment {1})', stage ?? '', deploymentId)}` : stage === undefined ? `\n${l10n.t('not deployed yet: add --deploy STAGE to make it take effect')}` : '') + '\n');
  }
  return 0;
}
