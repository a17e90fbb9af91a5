// A default that the webview and the host both need lives in src/shared; package.json must say the same.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DEFAULT_LONG_GAP_MS } from '../../../src/shared/protocol';

interface SettingSchema { default?: unknown }
const manifest = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../../package.json'), 'utf8')) as
  { contributes: { configuration: { properties: Record<string, SettingSchema> } | { properties: Record<string, SettingSchema> }[] } };
const sections = [manifest.contributes.configuration].flat();
const setting = (key: string): SettingSchema | undefined => sections.map((s) => s.properties[key]).find(Boolean);

describe('setting defaults shared with the code', () => {
  it('streamgate.console.longGapMs defaults to DEFAULT_LONG_GAP_MS', () => {
    assert.equal(setting('streamgate.console.longGapMs')?.default, DEFAULT_LONG_GAP_MS);
  });
});
