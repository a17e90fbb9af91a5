// Runs the `streamgate` CLI as a user would: a child process via tsx, with no AWS
// configuration in its environment (the local-endpoint case).
import { execFile } from 'node:child_process';
import { resolve } from 'node:path';

const MAIN = resolve(__dirname, '../../../src/cli/main.ts');

export interface CliResult { code: number; stdout: string; stderr: string }

export function runCli(args: string[], timeoutMs = 20000): Promise<CliResult> {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('AWS_')));
  return new Promise((done) => {
    execFile(process.execPath, ['--import', 'tsx', MAIN, ...args], { env, timeout: timeoutMs }, (err, stdout, stderr) => {
      done({ code: err ? (typeof err.code === 'number' ? err.code : -1) : 0, stdout, stderr });
    });
  });
}

