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
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    await ext.activate();
    result.activateMs = performance.now() - t0;
    // CPU the extension host spent meanwhile: on a loaded machine the wall time above mostly
    // measures waiting for a CPU, this the work itself (VS Code's share included).
    const cpu = process.cpuUsage(cpu0);
    result.activateCpuMs = (cpu.user + cpu.system) / 1000;
    // A second call must be free: VS Code caches the activation.
    const t1 = performance.now();
    await ext.activate();
    result.secondActivateMs = performance.now() - t1;
  }
  const out = process.env.VH_RESULTS;
  if (out) fs.writeFileSync(out, JSON.stringify(result) + '\n');
}
