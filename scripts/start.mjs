#!/usr/bin/env node
// `npm start`: build, then open VS Code with StreamGate installed. With no AWS credentials the
// extension starts its embedded local gateway with the sample API (see README).
// - desktop `code` on PATH: `code --extensionDevelopmentPath=<repo> <workspace>`
// - otherwise: the bundled code-server (VS Code in the browser) with the extension linked into
//   its extensions dir; prints the URL to open. Ctrl+C stops it.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { mkdirSync, existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { codeServerArgs, linkExtension, ROOT as root, setUpVscodeHost, waitForCodeServer } from './vscodeHost.mjs';

execFileSync(process.execPath, [join(root, 'esbuild.mjs')], { cwd: root, stdio: 'inherit' });

const home = join(homedir(), '.cache', 'streamgate-dev');
// The workspace is the SAM example (its own template, beside the gateway's built-in sample):
// "Serve Template Locally" in the StreamGate view serves it. Its chat function has its own
// package.json; install it on a fresh clone (node_modules is never committed).
const workspace = process.env.STREAMGATE_WORKSPACE ? resolve(process.env.STREAMGATE_WORKSPACE) : join(root, 'examples', 'sam-streaming-chat');
mkdirSync(workspace, { recursive: true });
installExampleDependencies(join(root, 'examples', 'sam-streaming-chat', 'chat'));

function installExampleDependencies(dir) {
  if (!existsSync(join(dir, 'package-lock.json')) || existsSync(join(dir, 'node_modules'))) return;
  console.log(`Installing the example function's dependencies (npm ci in ${dir})…`);
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const r = spawnSync(npm, ['ci', '--no-audit', '--no-fund'], { cwd: dir, stdio: 'inherit' });
  if (r.status !== 0) console.warn('npm ci failed in the example; its chat function will not load until its dependencies are installed.');
}

const hasCode = spawnSync('code', ['--version'], { stdio: 'ignore' }).status === 0;
if (hasCode && !process.env.STREAMGATE_USE_CODE_SERVER) {
  spawn('code', [`--extensionDevelopmentPath=${root}`, workspace], { stdio: 'inherit', detached: true }).unref();
  console.log('Opened VS Code with StreamGate loaded (extension development host).');
  process.exit(0);
}

const env = setUpVscodeHost();
const extensionsDir = join(home, 'extensions');
mkdirSync(extensionsDir, { recursive: true });
linkExtension(extensionsDir);

const port = process.env.PORT ?? '8080';
const server = spawn(env.VH_NODE24, codeServerArgs(env.VH_CODE_SERVER, { port, userData: join(home, 'user-data'), extensionsDir, workspace }),
  { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, VSCODE_CLI: undefined } });
server.stderr.pipe(process.stderr);
const stop = () => { server.kill('SIGTERM'); };
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
server.on('exit', (code) => process.exit(code ?? 0));

await waitForCodeServer(port).catch((err) => console.warn(err.message));
console.log(`\nStreamGate is running in VS Code: open http://127.0.0.1:${port}/?folder=${encodeURIComponent(workspace)}`);
console.log('The StreamGate view is in the activity bar; with no AWS credentials it starts the local gateway (sample API on http://127.0.0.1:4510). Ctrl+C to stop.');
