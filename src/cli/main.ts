// `streamgate` command line: a thin dispatcher over the core. Each command lives in
// commands/<name>.ts and returns its exit code; errors become one clear line on stderr.
import * as l10n from '@vscode/l10n';
import { HelpRequested, UsageError } from './args';
import { useCliLanguage } from './language';
import { probeUsage } from './probeUsage';

// Each command is loaded when it runs: `probe` never evaluates the AWS SDK or the local gateway,
// which keeps a cold probe's start-up, memory and first request lean.
const runLocal: Command = async (argv) => (await import('./commands/local')).runLocal(argv);
const runProbe: Command = async (argv) => (await import('./commands/probe')).runProbe(argv);
const runApis: Command = async (argv) => (await import('./commands/apis')).runApis(argv);
const runIntegration: Command = async (argv) => (await import('./commands/integration')).runIntegration(argv);

type Command = (argv: string[]) => Promise<number>;

const CONNECTION = '[--endpoint URL] [--region R] [--profile P]';

/**
 * `summary` is the one line of the overview; `usage` is what `streamgate <command> --help` prints
 * (a function: its sentences are worded in the language chosen when main() starts).
 */
const COMMANDS: Record<string, { run: Command; summary: string; usage: () => string }> = {
  local: {
    run: runLocal,
    summary: 'local [--port N] [--host H [--allow-remote]] [--state FILE [--reset-corrupt-state]] [--no-sample] [--handlers DIR]... [--no-aws-limits] [--debug-headers] [--access-logs DIR] [--quiet] [--template PATH [--parameter-overrides K=V ...] [--env-vars env.json] [--watch] [--region R]] [--vpc-link NAME_OR_ID=URL]... [--vpce-id ID] [--vpc-id ID]',
    usage: () => `${l10n.t('usage: {0}', 'streamgate local [--port N] [--host H [--allow-remote]] [--state FILE [--reset-corrupt-state]] [--no-sample] [--handlers DIR]... [--no-aws-limits] [--debug-headers] [--access-logs DIR] [--quiet]')}\n` +
      '                        [--template PATH [--parameter-overrides K=V ...] [--env-vars env.json] [--watch] [--region R]]\n' +
      '                        [--vpc-link NAME_OR_ID=URL]... [--vpce-id ID] [--vpc-id ID]\n' +
      `  ${l10n.t('Runs the embedded local API Gateway (AWS SDK endpoint and invoke URLs) until Ctrl+C.')}\n` +
      `  ${l10n.t('--template serves a SAM / CloudFormation / cdk.out / OpenAPI project with its functions.')}\n` +
      `  ${l10n.t("--vpc-link maps a VPC link (name or id) to the local service private integrations reach; --vpce-id/--vpc-id are the aws:SourceVpce/aws:SourceVpc that PRIVATE APIs' resource policies see.")}`,
  },
  probe: { run: runProbe, summary: 'probe <url> [--method M] [--header "K: V"]... [--data STR|@file] [--sse|--ndjson] [--max-time S] [--idle-timeout S] [--out FILE] [--fail] [--insecure] [--iam [--region R] [--profile P]] [--json]', usage: probeUsage },
  apis: {
    run: runApis,
    summary: `apis list ${CONNECTION} [--json]`,
    usage: () => `${l10n.t('usage: {0}', `streamgate apis list ${CONNECTION} [--json]`)}\n` +
      `  ${l10n.t('Lists every REST API with its resources (id and path), methods and integrations (type, mode, timeout).')}`,
  },
  integration: {
    run: runIntegration,
    summary: 'integration set --api ID (--resource RID | --path /P) --method M [--mode STREAM|BUFFERED] [--timeout MS] [--deploy STAGE] [--json]',
    usage: () => `${l10n.t('usage: {0}', `streamgate integration set --api ID (--resource RID | --path /P) --method M [--mode STREAM|BUFFERED] [--timeout MS] [--deploy STAGE] ${CONNECTION} [--json]`)}\n` +
      `  ${l10n.t("Changes an integration's transfer mode and/or timeout in one UpdateIntegration call; --deploy makes it take effect.")}\n` +
      `  ${l10n.t('The resource is its id (RESOURCE column of "apis list") or its path, e.g. --path /chat.')}`,
  },
};

function usage(): string {
  return [l10n.t('usage: {0}   (streamgate <command> --help for details)', 'streamgate <command> [options]'), '',
    ...Object.values(COMMANDS).map((c) => `  streamgate ${c.summary}`)].join('\n');
}

export async function main(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  useCliLanguage(env);
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    const topic = name === 'help' ? rest[0] : undefined;
    if (topic && COMMANDS[topic]) {
      process.stdout.write(COMMANDS[topic].usage() + '\n');
      return 0;
    }
    process.stdout.write(usage() + '\n');
    return name ? 0 : 2;
  }
  const command = COMMANDS[name];
  if (!command) {
    process.stderr.write(`streamgate: ${l10n.t('unknown command "{0}"', name)}\n${usage()}\n`);
    return 2;
  }
  try {
    return await command.run(rest);
  } catch (err) {
    if (err instanceof HelpRequested) {
      process.stdout.write(command.usage() + '\n');
      return 0;
    }
    const message = err instanceof Error ? err.message : String(err);
    process.stderr.write(`streamgate ${name}: ${message}\n`); // l10n-exempt: the message is worded where it is thrown
    return err instanceof UsageError ? 2 : 1;
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then((code) => { process.exitCode = code; });
}
