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
  for (const suite of ordered(suites)) suite.load();
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

/**
 * These run first, in this order: activation, then the gateway's lifecycle, then the tree, which
 * expects the sample API as seeded (later suites toggle and deploy its methods). Every other
 * suite follows in file-name order.
 */
const FIRST = ['activation.test.ts', 'local.test.ts', 'tree.test.ts'];

function ordered<T extends { file: string }>(all: readonly T[]): T[] {
  const rank = (s: T) => (FIRST.includes(s.file) ? FIRST.indexOf(s.file) : FIRST.length);
  return [...all].sort((a, b) => rank(a) - rank(b) || a.file.localeCompare(b.file));
}
