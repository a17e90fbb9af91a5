// The localizable strings of the source: every `l10n.t(...)` / `vscode.l10n.t(...)` call in src/
// and webview/, extracted by @vscode/l10n-dev (the tool VS Code's own extensions use). Shared by
// scripts/l10n-export.mjs (writes l10n/bundle.l10n.json) and the bundle test (fails on drift).
import { getL10nJson } from '@vscode/l10n-dev';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

export const SOURCE_DIRS = ['src', 'webview'];

/** Every .ts file under the source folders (tests excluded: they are not shipped). */
export function sourceFiles(root) {
  const out = [];
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) out.push(full);
    }
  };
  for (const d of SOURCE_DIRS) walk(join(root, d));
  return out.sort().map((f) => relative(root, f));
}

/** The English bundle the source asks for, keys sorted (stable diffs when several people add strings). */
export async function extractBundle(root, files = sourceFiles(root)) {
  // Parsing is the slow part: only files that call l10n.t can contribute.
  const contents = files.map((f) => readFileSync(join(root, f), 'utf8')).filter((c) => c.includes('l10n.t('));
  const json = await getL10nJson(contents.map((c) => ({ extension: '.ts', contents: c })));
  return Object.fromEntries(Object.keys(json).sort().map((k) => [k, json[k]]));
}
