// The command table (src/extension/commandIds.ts, given handlers in commandTable.ts, whose
// Record<CommandId, …> type makes the two agree) against package.json: every contributed command
// is registered, every registered one is contributed or deliberately internal, and every menu,
// welcome view and walkthrough names a command that exists.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { COMMAND, INTERNAL_COMMANDS } from '../../../src/extension/commandIds';

interface MenuItem { command?: string; alt?: string; submenu?: string }
interface Manifest {
  contributes: {
    commands: { command: string }[];
    menus: Record<string, MenuItem[]>;
    views: Record<string, { id: string }[]>;
    viewsWelcome?: { contents: string }[];
    walkthroughs?: unknown[];
  };
}

const manifest = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../../package.json'), 'utf8')) as Manifest;
const registered = new Set<string>(Object.values(COMMAND));
const contributed = manifest.contributes.commands.map((c) => c.command);
/** VS Code adds `<viewId>.focus` for every contributed view. */
const builtIn = new Set(Object.values(manifest.contributes.views).flat().map((v) => `${v.id}.focus`));
const known = (id: string) => registered.has(id) || builtIn.has(id);

describe('command table and package.json', () => {
  it('registers every contributed command', () => {
    assert.deepEqual(contributed.filter((id) => !registered.has(id)), []);
  });

  it('contributes every registered command unless it is listed as internal', () => {
    assert.deepEqual([...registered].filter((id) => !contributed.includes(id) && !INTERNAL_COMMANDS.includes(id as never)), []);
    assert.deepEqual(INTERNAL_COMMANDS.filter((id) => contributed.includes(id)), [], 'an internal command is contributed after all');
  });

  it('contributes each command once and keeps ids unique in the table', () => {
    assert.equal(new Set(contributed).size, contributed.length);
    assert.equal(registered.size, Object.keys(COMMAND).length);
  });

  it('names only contributed commands in menus', () => {
    const unknown: string[] = [];
    for (const [menu, items] of Object.entries(manifest.contributes.menus)) {
      for (const item of items) {
        for (const id of [item.command, item.alt]) if (id !== undefined && !contributed.includes(id)) unknown.push(`${menu}: ${id}`);
      }
    }
    assert.deepEqual(unknown, []);
    assert.ok(Object.values(manifest.contributes.menus).flat().length > 20, 'the menus were read');
  });

  it('links only to commands that exist from welcome views and walkthroughs', () => {
    const text = JSON.stringify([manifest.contributes.viewsWelcome ?? [], manifest.contributes.walkthroughs ?? []]);
    const linked = [...text.matchAll(/\b(?:command|onCommand):([\w.-]+)/g)].map((m) => m[1]!);
    assert.ok(linked.length > 0, 'the links were read');
    assert.deepEqual([...new Set(linked)].filter((id) => !known(id)), []);
  });
});
