// `streamgate` command line: a thin dispatcher over the core. Each command lives in
// commands/<name>.ts and returns its exit code; errors become one clear line on stderr.
import { UsageError } from './args';
import { runLocal } from './commands/local';
import { runProbe } from './commands/probe';
import { runApis } from './commands/apis';
import { runIntegration } from './commands/integration';

type Command = (argv: string[]) => Promise<number>;

const COMMANDS: Record<string, { run: Command; summary: string }> = {
  local: { run: runLocal, summary: 'local [--port N] [--host H [--allow-remote]] [--state FILE [--reset-corrupt-state]] [--no-sample] [--handlers DIR]... [--throttle] [--quiet]' },
  probe: { run: runProbe, summary: 'probe <url> [--method M] [--header "K: V"]... [--data STR|@file] [--sse|--ndjson] [--max-time S] [--idle-timeout S] [--out FILE] [--insecure] [--iam [--region R] [--profile P]] [--json]' },
  apis: { run: runApis, summary: 'apis list [--endpoint URL] [--region R] [--profile P] [--json]' },
  integration: { run: runIntegration, summary: 'integration set --api ID --resource RID --method M [--mode STREAM|BUFFERED] [--timeout MS] [--deploy STAGE] [--json]' },
};

function usage(): string {
  return ['usage: streamgate <command> [options]', '', ...Object.values(COMMANDS).map((c) => `  streamgate ${c.summary}`)].join('\n');
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
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
    const message = err instanceof Error ? err.message : String(err);
    process.stderr.write(`streamgate ${name}: ${message}\n`);
    return err instanceof UsageError ? 2 : 1;
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then((code) => { process.exitCode = code; });
}
