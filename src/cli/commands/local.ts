// `streamgate local`: runs the embedded local API Gateway until SIGINT/SIGTERM.
import * as l10n from '@vscode/l10n';
import { parseArgs, numberFlag, stringFlag, UsageError } from '../args';
import { FAULT_TOKEN_HEADER, isLoopbackHost, SAMPLE_ROUTES, SAMPLE_STAGE, startLocalGateway } from '../../local/index';
import { parseVpcLinkMappings } from '../../local/dataplane/vpcLinkTarget';
import { formatLogLine } from '../../local/runtime/logs';
import { foldParameterOverrides, loadTemplateSession } from './localTemplate';

// The sample routes' descriptions as this CLI prints them (the API itself keeps its English
// operation names, src/local/sample/seed.ts).
const SAMPLE_ROUTE_WORDS: Record<string, () => string> = {
  '/chat': () => l10n.t('SSE token stream shaped like an LLM chat'),
  '/ndjson': () => l10n.t('NDJSON records spread over time'),
  '/download': () => l10n.t('64 MB generated body (over the 10 MB BUFFERED limit)'),
  '/long': () => l10n.t('35 s of work with progress events (over the 29 s BUFFERED timeout)'),
};

export async function runLocal(rawArgv: string[]): Promise<number> {
  const { argv, overrides } = foldParameterOverrides(rawArgv);
  const args = parseArgs(argv, {
    port: { value: true },
    host: { value: true },
    'allow-remote': {},
    state: { value: true },
    'reset-corrupt-state': {},
    'no-sample': {},
    handlers: { value: true, repeat: true },
    'no-aws-limits': {},
    'debug-headers': {},
    'access-logs': { value: true },
    quiet: {},
    'vpc-link': { value: true, repeat: true },
    'vpce-id': { value: true },
    'vpc-id': { value: true },
    template: { value: true },
    'env-vars': { value: true },
    watch: {},
    region: { value: true },
  });
  if (args.positionals.length) throw new UsageError(l10n.t('unexpected argument "{0}"', args.positionals[0]));
  const port = numberFlag(args, 'port') ?? 0;
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(l10n.t('--port must be a whole number between 0 and 65535, got {0}', port));
  const quiet = args.flags.quiet === true;
  const host = stringFlag(args, 'host') ?? '127.0.0.1';
  const allowRemote = args.flags['allow-remote'] === true;
  if (!isLoopbackHost(host)) {
    if (!allowRemote) throw new UsageError(l10n.t('--host {0} is not a loopback address: anyone on the network could change the gateway\'s configuration. Add --allow-remote if you mean it', host));
    process.stderr.write(`${l10n.t('WARNING: listening on {0}: anyone who can reach this machine on the network can read and change the gateway\'s APIs and integrations, and call any backend through it.', host)}\n`);
  }
  const vpcLinkFlags = (args.flags['vpc-link'] as string[] | undefined) ?? [];
  let vpcLinks: Record<string, string>;
  try {
    vpcLinks = Object.fromEntries([...parseVpcLinkMappings(vpcLinkFlags)].map(([k, u]) => [k, u.origin]));
  } catch (err) {
    throw new UsageError(`--vpc-link: ${(err as Error).message}`); // l10n-exempt: flag and its worded message
  }
  const templatePath = stringFlag(args, 'template');
  if (!templatePath && (overrides.length || args.flags['env-vars'] !== undefined || args.flags.watch)) {
    throw new UsageError(l10n.t('--parameter-overrides, --env-vars and --watch need --template PATH'));
  }
  const write = (line: string) => process.stdout.write(line + '\n');
  // The template is read before the gateway starts: a template error exits at once.
  const served = templatePath ? loadTemplateSession({
    template: templatePath, parameterOverrides: overrides, envVarsFile: stringFlag(args, 'env-vars'),
    watch: args.flags.watch === true, region: stringFlag(args, 'region'),
  }, write) : undefined;

  const gateway = await startLocalGateway({
    port,
    host,
    allowRemote,
    statePath: stringFlag(args, 'state'),
    resetCorruptState: args.flags['reset-corrupt-state'] === true,
    // With --template the gateway serves the developer's API only.
    sample: args.flags['no-sample'] !== true && !served,
    handlerDirs: (args.flags.handlers as string[] | undefined) ?? [],
    emulateAwsLimits: args.flags['no-aws-limits'] !== true,
    debugHeaders: args.flags['debug-headers'] === true,
    accessLogDir: stringFlag(args, 'access-logs'),
    // --vpc-link flags win over the template's Metadata.StreamGate.VpcLinks.
    vpcLinks: { ...served?.plan.vpcLinks, ...vpcLinks },
    vpcEndpointId: stringFlag(args, 'vpce-id'),
    vpcId: stringFlag(args, 'vpc-id'),
    log: quiet ? undefined : (line) => process.stdout.write(line + '\n'),
    functions: served?.plan.functions,
    // Function output (each runtime process's stdout/stderr), tagged with the request id.
    onFunctionLog: quiet ? undefined : (line) => process.stdout.write(`[fn] ${formatLogLine(line)}\n`), // l10n-exempt: a log line, tagged
  });

  process.stdout.write(`${l10n.t('StreamGate local gateway listening on {0}', gateway.url)}\n`);
  for (const f of gateway.movedAside) process.stdout.write(`${l10n.t('The unreadable state file was kept aside as {0}; starting empty.', f)}\n`);
  process.stdout.write(`${l10n.t('Fault hook token (header {0}): {1}', FAULT_TOKEN_HEADER, gateway.faultToken)}\n`);
  process.stdout.write(args.flags['no-aws-limits'] === true
    ? `${l10n.t('AWS limits: not emulated (--no-aws-limits): STREAM runs at full speed, only timeoutInMillis ends idle streams')}\n`
    : `${l10n.t('AWS limits: emulated (STREAM 2 MB/s after 10 MB; STREAM idle timeout 30 s EDGE, 5 min REGIONAL/PRIVATE); --no-aws-limits turns them off')}\n`);
  if (served) {
    try {
      await served.connect(gateway);
    } catch (err) {
      await gateway.close();
      throw err;
    }
  }
  if (gateway.sampleApiId) {
    process.stdout.write(`${l10n.t('Sample API {0}, stage "{1}" (all integrations start BUFFERED):', gateway.sampleApiId, SAMPLE_STAGE)}\n`);
    for (const r of SAMPLE_ROUTES) {
      process.stdout.write(`  ${r.verb.padEnd(4)} ${gateway.invokeUrl(gateway.sampleApiId, SAMPLE_STAGE, r.path)}  ${SAMPLE_ROUTE_WORDS[r.path]?.() ?? r.what}\n`);
    }
  }
  for (const [link, target] of Object.entries(vpcLinks)) process.stdout.write(`${l10n.t('VPC link {0} → {1} (private integrations)', link, target)}\n`);
  process.stdout.write(`${l10n.t('AWS SDK / CLI endpoint: {0}  (e.g. aws apigateway get-rest-apis --endpoint-url {1})', gateway.url, gateway.url)}\n`);

  await new Promise<void>((resolve) => {
    const stop = (signal: NodeJS.Signals) => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      process.stdout.write(`${l10n.t('Received {0}, stopping the local gateway', signal)}\n`);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  served?.session.close();
  await gateway.close();
  return 0;
}
