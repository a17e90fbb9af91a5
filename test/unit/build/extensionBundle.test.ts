// The extension's activation bundle holds only the shell: the heavy libraries sit in the lazy
// bundle, and the modules both bundles hold (two instances at run time) keep no state.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildExtension } from '../../../scripts/extensionBundle.mjs';

describe('extension bundles', function () {
  this.timeout(120_000);
  let dir: string;
  let built: Awaited<ReturnType<typeof buildExtension>>;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sg-bundle-'));
    built = await buildExtension({ root: process.cwd(), entry: 'src/extension/extension.ts', outfile: join(dir, 'extension.js'), common: { logLevel: 'error' } });
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps the AWS SDK, undici, yaml, esbuild and the local gateway out of the activation bundle', () => {
    // streamgate-lazy:… entries are the one-line proxies that require the lazy bundle.
    const inputs = Object.keys(built.main.inputs).filter((p) => !p.startsWith('streamgate-lazy:'));
    const heavy = inputs.filter((p) => /node_modules\/(@aws-sdk|@smithy\/core|undici|yaml|esbuild)\//.test(p) || p.startsWith('src/local/'));
    assert.deepEqual(heavy, []);
    // And they are where the lazy imports find them.
    const lazyInputs = Object.keys(built.lazy.inputs);
    for (const lib of ['node_modules/undici/', 'node_modules/@aws-sdk/client-api-gateway/', 'node_modules/yaml/', 'src/local/index.ts']) {
      assert.ok(lazyInputs.some((p) => p.includes(lib)), `${lib} is in the lazy bundle`);
    }
    assert.ok(readFileSync(join(dir, 'extension.js'), 'utf8').includes('require("./lazy/modules.js")'));
  });

  it('duplicates only stateless modules (no module-level let or empty Map/Set to fill)', () => {
    const main = new Set(Object.keys(built.main.inputs));
    const both = Object.keys(built.lazy.inputs).filter((p) => main.has(p) && p.startsWith('src/'));
    const stateful = both.filter((p) => /^(let|var) |^const \w+ = new (Map|Set|WeakMap)(<[^>]*>)?\(\)/m.test(readFileSync(p, 'utf8')));
    assert.deepEqual(stateful, [], 'a module with state in both bundles has two copies of that state');
  });
});
