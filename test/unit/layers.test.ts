// The layer rule of docs/ARCHITECTURE.md (Layers): only src/extension may import `vscode`, and the webview is
// browser code. These tests prove the lint rule fires where it must and stays quiet where not.
import assert from 'node:assert/strict';
import { ESLint } from 'eslint';

const eslint = new ESLint({ cwd: process.cwd() });

async function restrictedImportErrors(code: string, filePath: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('layer boundaries', () => {
  const importVscode = "import * as vscode from 'vscode';\nexport const x = vscode.version;\n";

  for (const layer of ['src/core/stream/x.ts', 'src/local/x.ts', 'src/cli/x.ts', 'src/shared/x.ts', 'webview/x.ts']) {
    it(`refuses a vscode import in ${layer}`, async () => {
      const errors = await restrictedImportErrors(importVscode, layer);
      assert.equal(errors.length, 1, `expected the layer rule to fire in ${layer}`);
      assert.match(errors[0]!, /vscode/);
    });
  }

  it('allows vscode in src/extension', async () => {
    assert.deepEqual(await restrictedImportErrors(importVscode, 'src/extension/x.ts'), []);
  });

  it('keeps Node built-ins out of the webview bundle', async () => {
    const errors = await restrictedImportErrors("import { readFileSync } from 'node:fs';\nexport const r = readFileSync;\n", 'webview/x.ts');
    assert.equal(errors.length, 1);
  });

  // The webview may reach into src/ only through src/shared (the parsers live in src/shared/parse).
  for (const layer of ['core/stream/engine', 'core/controlplane', 'local', 'extension/console/panel', 'cli/main']) {
    it(`refuses src/${layer} in the webview`, async () => {
      const errors = await restrictedImportErrors(`import * as m from '../src/${layer}';\nexport const x = m;\n`, 'webview/x.ts');
      assert.equal(errors.length, 1, `expected the layer rule to fire for src/${layer}`);
      assert.match(errors[0]!, /only src\/shared/);
    });
  }

  it('allows src/shared and src/shared/parse in the webview', async () => {
    const code = "import { parseSse } from '../src/shared/parse/sse';\nimport { emptyTimings } from '../src/shared/timings';\nexport const x = [parseSse, emptyTimings];\n";
    assert.deepEqual(await restrictedImportErrors(code, 'webview/x.ts'), []);
  });
});
