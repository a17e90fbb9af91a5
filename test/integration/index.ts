// Entry point VS Code calls inside the extension host (extensionTestsPath). The test files are
// bundled into this module by esbuild; Mocha's globals are installed before each one loads.
import * as fs from 'node:fs';
import Mocha from 'mocha';
// Every test/integration/*.test.ts, found by esbuild.mjs when it bundles this file.
import suites from 'integration-suites';

export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', timeout: 60_000, color: false });
  mocha.suite.emit('pre-require', globalThis, 'integration', mocha);
  // Each suite is required only now, so it registers against the globals set above.
  for (const load of suites) load();
  const lines: string[] = [];
  return new Promise((resolve, reject) => {
    const runner = mocha.run((failures) => {
      lines.push(`${runner.stats?.passes ?? 0} passed, ${runner.stats?.failures ?? 0} failed`);
      const out = process.env.VH_RESULTS;
      if (out) fs.writeFileSync(out, lines.join('\n') + '\n');
      else console.log(lines.join('\n'));
      if (failures) reject(new Error(`${failures} integration tests failed`));
      else resolve();
    });
    runner.on('pass', (t) => lines.push(`  ok   ${t.fullTitle()} (${t.duration ?? 0} ms)`));
    runner.on('fail', (t, err: Error) => lines.push(`  FAIL ${t.fullTitle()}: ${err?.stack ?? err}`));
  });
}
