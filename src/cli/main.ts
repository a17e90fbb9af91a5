// `streamgate` command line: a thin dispatcher over the core. Each command lives in
// commands/<name>.ts and returns its exit code; errors become one clear line on stderr.
import { HelpRequested, UsageError } from './args';
import { PROBE_USAGE } from './probeUsage';

// Each command is loaded when it runs: `probe` never evaluates the AWS SDK or the local gateway,
// which keeps a cold probe's start-up, memory and first request lean.
const runLocal: Command = async (argv) => (await import('./commands/local')).runLocal(argv);
const runProbe: Command = async (argv) => (await import('./commands/probe')).runProbe(argv);
const runApis: Command = async (argv) => (await import('./commands/apis')).runApis(argv);
const runIntegration: Command = async (argv) => (await import('./commands/integration')).runIntegration(argv);

type Command = (argv: string[]) => Promise<number>;

const CONNECTION = '[--endpoint URL] [--region R] [--profile P]';

/** `summary` is the one line of the overview; `usage` is what `streamgate <command> --help` prints. */
const COMMANDS: Record<string, { run: Command; summary: string; usage: string }> = {
  local: {
    run: runLocal,
    summary: 'local [--port N] [--host H] [--state FILE] [--no-sample] [--handlers DIR]... [--no-aws-limits] [--debug-headers] [--access-logs DIR] [--quiet] [--template PATH [--parameter-overrides K=V ...] [--env-vars env.json] [--watch] [--region R]]',
    usage: 'usage: streamgate local [--port N] [--host H] [--state FILE] [--no-sample] [--handlers DIR]... [--no-aws-limits] [--debug-headers] [--access-logs DIR] [--quiet]\n' +
      '                        [--template PATH [--parameter-overrides K=V ...] [--env-vars env.json] [--watch] [--region R]]\n' +
      '  Runs the embedded local API Gateway (AWS SDK endpoint and invoke URLs) until Ctrl+C.\n' +
      '  --template serves a SAM / CloudFormation / cdk.out / OpenAPI project with its functions.',
  },
  probe: { run: runProbe, summary: 'probe <url> [--method M] [--header "K: V"]... [--data STR|@file] [--sse|--ndjson] [--max-time S] [--idle-timeout S] [--out FILE] [--fail] [--insecure] [--iam [--region R] [--profile P]] [--json]', usage: PROBE_USAGE },
  apis: {
    run: runApis,
    summary: `apis list ${CONNECTION} [--json]`,
    usage: `usage: streamgate apis list ${CONNECTION} [--json]\n` +
      '  Lists every REST API with its resources (id and path), methods and integrations (type, mode, timeout).',
  },
  integration: {
    run: runIntegration,
    summary: 'integration set --api ID (--resource RID | --path /P) --method M [--mode STREAM|BUFFERED] [--timeout MS] [--deploy STAGE] [--json]',
    usage: `usage: streamgate integration set --api ID (--resource RID | --path /P) --method M [--mode STREAM|BUFFERED] [--timeout MS] [--deploy STAGE] ${CONNECTION} [--json]\n` +
      '  Changes an integration\'s transfer mode and/or timeout in one UpdateIntegration call; --deploy makes it take effect.\n' +
      '  The resource is its id (RESOURCE column of "apis list") or its path, e.g. --path /chat.',
  },
};

function usage(): string {
  return ['usage: streamgate <command> [options]   (streamgate <command> --help for details)', '',
    ...Object.values(COMMANDS).map((c) => `  streamgate ${c.summary}`)].join('\n');
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    const topic = name === 'help' ? rest[0] : undefined;
    if (topic && COMMANDS[topic]) {
      process.stdout.write(COMMANDS[topic].usage + '\n');
      return 0;
    }
    process.stdout.write(usage() + '\n');
    return name ? 0 : 2;
  }
  const command = COMMANDS[name];
  if (!command) {
    process.stderr.write(`streamgate: unknown command "${name}"\n${usage()}\n`);
    return 2;
  }
  try {
    return await command.run(rest);
  } catch (err) {
    if (err instanceof HelpRequested) {
      process.stdout.write(command.usage + '\n');
      return 0;
    }
    const message = err instanceof Error ? err.message : String(err);
    process.stderr.write(`streamgate ${name}: ${message}\n`);
    return err instanceof UsageError ? 2 : 1;
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then((code) => { process.exitCode = code; });
}
