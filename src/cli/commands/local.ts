// `streamgate local`: runs the embedded local API Gateway until SIGINT/SIGTERM.
import { parseArgs, numberFlag, stringFlag, UsageError } from '../args';
import { SAMPLE_ROUTES, SAMPLE_STAGE, startLocalGateway } from '../../local/index';
import { formatLogLine } from '../../local/runtime/logs';
import { foldParameterOverrides, loadTemplateSession } from './localTemplate';

export async function runLocal(rawArgv: string[]): Promise<number> {
  const { argv, overrides } = foldParameterOverrides(rawArgv);
  const args = parseArgs(argv, {
    port: { value: true },
    host: { value: true },
    state: { value: true },
    'no-sample': {},
    handlers: { value: true, repeat: true },
    'no-aws-limits': {},
    'debug-headers': {},
    'access-logs': { value: true },
    quiet: {},
    template: { value: true },
    'env-vars': { value: true },
    watch: {},
    region: { value: true },
  });
  if (args.positionals.length) throw new UsageError(`unexpected argument "${args.positionals[0]}"`);
  const port = numberFlag(args, 'port') ?? 0;
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port must be a whole number between 0 and 65535, got ${port}`);
  const quiet = args.flags.quiet === true;
  const templatePath = stringFlag(args, 'template');
  if (!templatePath && (overrides.length || args.flags['env-vars'] !== undefined || args.flags.watch)) {
    throw new UsageError('--parameter-overrides, --env-vars and --watch need --template PATH');
  }
  const write = (line: string) => process.stdout.write(line + '\n');
  // The template is read before the gateway starts: a template error exits at once.
  const served = templatePath ? loadTemplateSession({
    template: templatePath, parameterOverrides: overrides, envVarsFile: stringFlag(args, 'env-vars'),
    watch: args.flags.watch === true, region: stringFlag(args, 'region'),
  }, write) : undefined;

  const gateway = await startLocalGateway({
    port,
    host: stringFlag(args, 'host'),
    statePath: stringFlag(args, 'state'),
    // With --template the gateway serves the developer's API only.
    sample: args.flags['no-sample'] !== true && !served,
    handlerDirs: (args.flags.handlers as string[] | undefined) ?? [],
    emulateAwsLimits: args.flags['no-aws-limits'] !== true,
    debugHeaders: args.flags['debug-headers'] === true,
    accessLogDir: stringFlag(args, 'access-logs'),
    log: quiet ? undefined : (line) => process.stdout.write(line + '\n'),
    functions: served?.plan.functions,
    // Function output (each runtime process's stdout/stderr), tagged with the request id.
    onFunctionLog: quiet ? undefined : (line) => process.stdout.write(`[fn] ${formatLogLine(line)}\n`),
  });

  process.stdout.write(`StreamGate local gateway listening on ${gateway.url}\n`);
  process.stdout.write(args.flags['no-aws-limits'] === true
    ? 'AWS limits: not emulated (--no-aws-limits): STREAM runs at full speed, only timeoutInMillis ends idle streams\n'
    : 'AWS limits: emulated (STREAM 2 MB/s after 10 MB; STREAM idle timeout 30 s EDGE, 5 min REGIONAL/PRIVATE); --no-aws-limits turns them off\n');
  if (served) {
    try {
      await served.connect(gateway);
    } catch (err) {
      await gateway.close();
      throw err;
    }
  }
  if (gateway.sampleApiId) {
    process.stdout.write(`Sample API ${gateway.sampleApiId}, stage "${SAMPLE_STAGE}" (all integrations start BUFFERED):\n`);
    for (const r of SAMPLE_ROUTES) {
      process.stdout.write(`  ${r.verb.padEnd(4)} ${gateway.invokeUrl(gateway.sampleApiId, SAMPLE_STAGE, r.path)}  ${r.what}\n`);
    }
  }
  process.stdout.write(`AWS SDK / CLI endpoint: ${gateway.url}  (e.g. aws apigateway get-rest-apis --endpoint-url ${gateway.url})\n`);

  await new Promise<void>((resolve) => {
    const stop = (signal: NodeJS.Signals) => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      process.stdout.write(`Received ${signal}, stopping the local gateway\n`);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  served?.session.close();
  await gateway.close();
  return 0;
}
