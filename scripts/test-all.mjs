#!/usr/bin/env node
// `npm test`: typecheck, lint, build, then the test tiers (unit, webview in Chromium,
// integration inside VS Code, and a UI end-to-end run that drives VS Code's own UI). Runs
// every step even after a failure, so one run shows all problems, and ends with one line
// summing every tier: `N passed, N failed`.
import { spawn } from 'node:child_process';

const steps = [
  { name: 'typecheck', cmd: 'npx', args: ['tsc', '--noEmit', '-p', '.'], kind: 'check' },
  { name: 'lint', cmd: 'npx', args: ['eslint', '.'], kind: 'check' },
  { name: 'build', cmd: 'node', args: ['esbuild.mjs'], kind: 'check' },
  { name: 'unit', cmd: 'npx', args: ['mocha', 'test/unit/**/*.test.ts'], kind: 'mocha' },
  { name: 'webview', cmd: 'npx', args: ['mocha', '--require', 'test/webview/rootHooks.ts', 'test/webview/**/*.test.ts'], kind: 'mocha' },
  { name: 'integration', cmd: 'node', args: ['test/runners/integration.mjs'], kind: 'vscode' },
  { name: 'ui-e2e', cmd: 'node', args: ['test/runners/ui-e2e.mjs'], kind: 'vscode' },
  { name: 'ui-e2e-templates', cmd: 'node', args: ['test/runners/ui-e2e-templates.mjs'], kind: 'vscode' },
  { name: 'ui-e2e-ja', cmd: 'node', args: ['test/runners/ui-e2e-ja.mjs'], kind: 'vscode' },
];

function run(step) {
  return new Promise((resolve) => {
    const started = Date.now();
    console.log(`\n=== ${step.name}: ${step.cmd} ${step.args.join(' ')}`);
    const child = spawn(step.cmd, step.args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, FORCE_COLOR: '0' } });
    let output = '';
    const tee = (stream) => (d) => { output += d; stream.write(d); };
    child.stdout.on('data', tee(process.stdout));
    child.stderr.on('data', tee(process.stderr));
    child.on('close', (code) => resolve({ code: code ?? 1, output, seconds: (Date.now() - started) / 1000 }));
  });
}

/** Reads pass/fail counts from a tier's output; a crashed tier with no counts counts as one failure. */
function count(step, { code, output }) {
  if (step.kind === 'check') return { passed: code === 0 ? 1 : 0, failed: code === 0 ? 0 : 1 };
  const re = step.kind === 'mocha' ? null : /(\d+) passed, (\d+) failed/g;
  let passed = 0, failed = 0, found = false;
  if (re) {
    for (const m of output.matchAll(re)) { passed = Number(m[1]); failed = Number(m[2]); found = true; }
  } else {
    const p = /(\d+) passing/.exec(output); const f = /(\d+) failing/.exec(output);
    if (p) { passed = Number(p[1]); found = true; }
    if (f) { failed = Number(f[1]); found = true; }
  }
  if (!found || (code !== 0 && failed === 0)) failed += 1;
  return { passed, failed };
}

let passed = 0, failed = 0;
const summary = [];
for (const step of steps) {
  const result = await run(step);
  const c = count(step, result);
  passed += c.passed; failed += c.failed;
  summary.push(`${step.name.padEnd(12)} ${String(c.passed).padStart(4)} passed ${String(c.failed).padStart(3)} failed  ${result.seconds.toFixed(1)} s`);
}
console.log('\n=== summary\n' + summary.join('\n'));
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
