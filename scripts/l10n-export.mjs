#!/usr/bin/env node
// Regenerates l10n/bundle.l10n.json from the source and lists what l10n/bundle.l10n.ja.json lacks
// (or still has after a string was removed). Run after adding or changing a user-facing string:
//   npm run l10n:export
import { readFileSync, writeFileSync } from 'node:fs';
import { extractBundle } from './l10n-strings.mjs';

const root = new URL('..', import.meta.url).pathname;
const { bundle, computed } = extractBundle(root);
if (computed.length) console.log(`l10n.t with a computed message (use a literal: the bundle is keyed by it):\n  ${computed.join('\n  ')}`);
writeFileSync(`${root}l10n/bundle.l10n.json`, `${JSON.stringify(bundle, null, 2)}\n`);
const ja = JSON.parse(readFileSync(`${root}l10n/bundle.l10n.ja.json`, 'utf8'));
const missing = Object.keys(bundle).filter((k) => !(k in ja));
const stale = Object.keys(ja).filter((k) => !(k in bundle));
console.log(`l10n/bundle.l10n.json: ${Object.keys(bundle).length} strings`);
if (missing.length) console.log(`missing in bundle.l10n.ja.json (${missing.length}):\n${missing.map((k) => `  ${JSON.stringify(k)}`).join('\n')}`);
if (stale.length) console.log(`no longer in the source, remove from bundle.l10n.ja.json (${stale.length}):\n${stale.map((k) => `  ${JSON.stringify(k)}`).join('\n')}`);
