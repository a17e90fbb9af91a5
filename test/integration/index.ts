// Entry point VS Code calls inside the extension host (extensionTestsPath). The test files are
// bundled into this module by esbuild; Mocha's globals are installed before each one loads.
import * as fs from 'node:fs';
import Mocha from 'mocha';

export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', timeout: 60_000, color: false });
  mocha.suite.emit('pre-require', globalThis, 'integration', mocha);
  loadSuites();
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

// require() keeps each suite lazy so it registers against the globals set above.
/* eslint-disable @typescript-eslint/no-require-imports -- lazy on purpose, see above */
function loadSuites(): void {
  require('./activation.test');
  require('./local.test');
  require('./tree.test');
  require('./console.test');
  require('./doctor.test');
  require('./privateIntegration.test');
  require('./shell.test');
  require('./templates.test');
}
/* eslint-enable @typescript-eslint/no-require-imports */
