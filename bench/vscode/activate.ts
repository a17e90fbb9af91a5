// Extension-tests module for the activation benchmark, run inside VS Code (code-server) by
// test/runners/run-vscode-tests.mjs. It times the activation of the extension VH_ACTIVATE_ID names
// (StreamGate, or the bench's trivial baseline extension) and writes JSON to VH_RESULTS.
import * as fs from 'node:fs';
// This module runs inside VS Code's extension host, like test/integration (bench/vscode/** could
// join that exception in eslint.config.mjs).
import * as vscode from 'vscode';

export async function run(): Promise<void> {
  const enteredAtMs = process.uptime() * 1000;
  const id = process.env.VH_ACTIVATE_ID ?? 'streamgate.streamgate';
  const ext = vscode.extensions.getExtension(id);
  const result: Record<string, unknown> = { enteredAtMs };
  if (!ext) {
    result.error = `${id} is not installed in the test host`;
  } else {
    result.wasActive = ext.isActive;
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    await ext.activate();
    const t1 = performance.now();
    result.activateMs = t1 - t0;
    // StreamGate's activate() records itself as a User Timing measure: the rest of ext.activate()
    // is mostly VS Code loading the module (and the shell's module initialisers) before it.
    const own = performance.getEntriesByName('streamgate.activate', 'measure')[0];
    if (own) {
      result.ownActivateMs = own.duration;
      result.beforeActivateMs = own.startTime - t0;
    }
    // CPU the extension host spent meanwhile: on a loaded machine the wall time above mostly
    // measures waiting for a CPU, this the work itself (VS Code's share included).
    const cpu = process.cpuUsage(cpu0);
    result.activateCpuMs = (cpu.user + cpu.system) / 1000;
    // A second call must be free: VS Code caches the activation.
    const t2 = performance.now();
    await ext.activate();
    result.secondActivateMs = performance.now() - t2;
  }
  const out = process.env.VH_RESULTS;
  if (out) fs.writeFileSync(out, JSON.stringify(result) + '\n');
}
