#!/usr/bin/env node
// Packages the .vsix (after a production build) and checks what went in: bundles, media and
// translations only — never src/, test/ or node_modules — and prints its size.
import { execFileSync } from 'node:child_process';
import { statSync, readFileSync } from 'node:fs';

const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
const out = `${pkg.name}-${pkg.version}.vsix`;
execFileSync('npx', ['vsce', 'package', '--no-dependencies', '--allow-missing-repository', '-o', out], { stdio: 'inherit' });
const listing = execFileSync('npx', ['vsce', 'ls', '--no-dependencies'], { encoding: 'utf8' });
const forbidden = listing.split('\n').filter((l) => /^(src|test|node_modules|bench)\//.test(l.trim()));
const bytes = statSync(out).size;
console.log(`${out}: ${(bytes / 1024 / 1024).toFixed(2)} MB`);
// The manifest's and the extension's translations must ship, or VS Code shows %keys% and English.
const required = ['package.nls.json', 'package.nls.ja.json', 'l10n/bundle.l10n.json', 'l10n/bundle.l10n.ja.json'];
const missing = required.filter((f) => !listing.split('\n').some((l) => l.trim() === f));
if (missing.length) { console.error(`the .vsix lacks its translations: ${missing.join(', ')}`); process.exit(1); }
if (forbidden.length) { console.error(`the .vsix contains files it must not:\n${forbidden.join('\n')}`); process.exit(1); }
if (bytes > 5 * 1024 * 1024) { console.error('the .vsix is over 5 MB'); process.exit(1); }
