// `streamgate local`: runs the embedded local API Gateway until SIGINT/SIGTERM.
import { parseArgs, numberFlag, stringFlag, UsageError } from '../args';
import { SAMPLE_ROUTES, SAMPLE_STAGE, startLocalGateway } from '../../local/index';

export async function runLocal(argv: string[]): Promise<number> {
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
  });
  if (args.positionals.length) throw new UsageError(`unexpected argument "${args.positionals[0]}"`);
  const port = numberFlag(args, 'port') ?? 0;
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port must be a whole number between 0 and 65535, got ${port}`);
  const quiet = args.flags.quiet === true;

  const gateway = await startLocalGateway({
    port,
    host: stringFlag(args, 'host'),
    statePath: stringFlag(args, 'state'),
    sample: args.flags['no-sample'] !== true,
    handlerDirs: (args.flags.handlers as string[] | undefined) ?? [],
    emulateAwsLimits: args.flags['no-aws-limits'] !== true,
    debugHeaders: args.flags['debug-headers'] === true,
    accessLogDir: stringFlag(args, 'access-logs'),
    log: quiet ? undefined : (line) => process.stdout.write(line + '\n'),
  });

  process.stdout.write(`StreamGate local gateway listening on ${gateway.url}\n`);
  process.stdout.write(args.flags['no-aws-limits'] === true
    ? 'AWS limits: not emulated (--no-aws-limits): STREAM runs at full speed, only timeoutInMillis ends idle streams\n'
    : 'AWS limits: emulated (STREAM 2 MB/s after 10 MB; STREAM idle timeout 30 s EDGE, 5 min REGIONAL/PRIVATE); --no-aws-limits turns them off\n');
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
  await gateway.close();
  return 0;
}
