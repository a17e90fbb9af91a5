#!/usr/bin/env node
// Runs test/integration inside a real VS Code.
// - Offline (default here and in CI): code-server (VS Code 1.139 inside) under Node 24, driven by
//   Debian's headless Chromium — see scripts/setup-vscode-host.sh and test/runners/run-vscode-tests.mjs.
// - STREAMGATE_TEST_HOST=electron: @vscode/test-electron downloads desktop VS Code (needs internet).
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const testsIndex = resolve(root, 'dist/test/integration.js');
if (!existsSync(testsIndex)) { console.error('dist/test/integration.js missing: run `npm run build` first'); process.exit(2); }

if (process.env.STREAMGATE_TEST_HOST === 'electron') {
  const { runTests } = await import('@vscode/test-electron');
  await runTests({ extensionDevelopmentPath: root, extensionTestsPath: testsIndex, launchArgs: ['--disable-extensions'] });
  process.exit(0);
}

// Idempotent: installs on first use, then only prints the env lines.
const out = execFileSync('bash', [resolve(root, 'scripts/setup-vscode-host.sh')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
const env = { ...process.env };
for (const line of out.split('\n')) { const m = /^(VH_\w+)=(.*)$/.exec(line.trim()); if (m) env[m[1]] = m[2]; }
const r = spawnSync(process.execPath, [resolve(root, 'test/runners/run-vscode-tests.mjs'), '--extension', root,
  '--tests', testsIndex, '--timeout', process.env.STREAMGATE_IT_TIMEOUT ?? '600'], { cwd: root, env, stdio: 'inherit' });
process.exit(r.status ?? 1);
