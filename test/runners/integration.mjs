#!/usr/bin/env node
// Runs test/integration inside a real VS Code.
// - Offline (default here and in CI): code-server (VS Code 1.139 inside) under Node 24, driven by
//   Debian's headless Chromium — see scripts/setup-vscode-host.sh and test/runners/run-vscode-tests.mjs.
// - STREAMGATE_TEST_HOST=electron: @vscode/test-electron downloads desktop VS Code (needs internet).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { ROOT as root, setUpVscodeHost } from '../../scripts/vscodeHost.mjs';

const testsIndex = resolve(root, 'dist/test/integration.js');
if (!existsSync(testsIndex)) { console.error('dist/test/integration.js missing: run `npm run build` first'); process.exit(2); }

if (process.env.STREAMGATE_TEST_HOST === 'electron') {
  const { runTests } = await import('@vscode/test-electron');
  await runTests({ extensionDevelopmentPath: root, extensionTestsPath: testsIndex, launchArgs: ['--disable-extensions'] });
  process.exit(0);
}

// Idempotent: installs on first use, then only reports where the host is.
const env = { ...process.env, ...setUpVscodeHost() };
const r = spawnSync(process.execPath, [resolve(root, 'test/runners/run-vscode-tests.mjs'), '--extension', root,
  '--tests', testsIndex, '--timeout', process.env.STREAMGATE_IT_TIMEOUT ?? '600'], { cwd: root, env, stdio: 'inherit' });
process.exit(r.status ?? 1);
