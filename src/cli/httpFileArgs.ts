// `streamgate probe --http-file FILE [--name N] [--env E]`: the request comes from a .http file
// (REST Client / httpYac syntax) instead of the URL and flags. Environments are read from the
// workspace's .vscode/settings.json (`rest-client.environmentVariables`), as the editor would.
import * as l10n from '@vscode/l10n';
import { environmentNames } from '../shared/http';
import { HttpFileError, prepareHttpRequest, workspaceEnvironments, type PreparedRequest } from '../core/httpFile/prepare';
import { stringFlag, UsageError, type ParsedArgs } from './args';

export const HTTP_FILE_FLAGS = { 'http-file': { value: true }, name: { value: true }, env: { value: true } } as const;


/** The request from --http-file, or undefined when the flag is absent. Errors are UsageErrors with the file's diagnostics. */
export async function requestFromHttpFile(args: ParsedArgs): Promise<PreparedRequest | undefined> {
  const file = stringFlag(args, 'http-file');
  if (file === undefined) {
    if (args.flags.name !== undefined || args.flags.env !== undefined) throw new UsageError(l10n.t('--name and --env only apply with --http-file'));
    return undefined;
  }
  if (args.positionals.length) throw new UsageError(l10n.t('give either a URL or --http-file, not both'));
  for (const f of ['method', 'header', 'data']) if (args.flags[f] !== undefined) throw new UsageError(l10n.t('--{0} does not apply with --http-file: the file says it', f));
  const environments = workspaceEnvironments(file);
  const env = stringFlag(args, 'env');
  const names = environmentNames(environments);
  if (env !== undefined && !names.includes(env)) {
    throw new UsageError(names.length ? l10n.t('no environment "{0}" in rest-client.environmentVariables (have: {1})', env, names.join(', '))
      : l10n.t('no environment "{0}" in rest-client.environmentVariables (none found in .vscode/settings.json above the file)', env));
  }
  try {
    return await prepareHttpRequest(file, stringFlag(args, 'name'), { environments, environment: env });
  } catch (err) {
    if (err instanceof HttpFileError) throw new UsageError(err.message);
    throw err;
  }
}
