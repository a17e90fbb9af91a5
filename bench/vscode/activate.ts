// Extension-tests module for the activation benchmark, run inside VS Code (code-server) by
// test/runners/run-vscode-tests.mjs. It times StreamGate's activate() and writes JSON to VH_RESULTS.
import * as fs from 'node:fs';
// This module runs inside VS Code's extension host, like test/integration (bench/vscode/** could
// join that exception in eslint.config.mjs).
import * as vscode from 'vscode';

export async function run(): Promise<void> {
  const enteredAtMs = process.uptime() * 1000;
  const ext = vscode.extensions.getExtension('streamgate.streamgate');
  const result: Record<string, unknown> = { enteredAtMs };
  if (!ext) {
    result.error = 'streamgate.streamgate is not installed in the test host';
  } else {
    result.wasActive = ext.isActive;
    const t0 = performance.now();
    await ext.activate();
    result.activateMs = performance.now() - t0;
    // A second call must be free: VS Code caches the activation.
    const t1 = performance.now();
    await ext.activate();
    result.secondActivateMs = performance.now() - t1;
  }
  const out = process.env.VH_RESULTS;
  if (out) fs.writeFileSync(out, JSON.stringify(result) + '\n');
}
