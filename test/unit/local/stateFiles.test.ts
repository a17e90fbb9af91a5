// Odd state files and all-or-nothing changes. A file with a BOM loads; a file with a null entry,
// a missing field or cut short stops the gateway with a message naming the file, the entry and
// the field, and is left byte-for-byte untouched until the user chooses to start empty, which
// keeps it aside as .corrupt-<time>. A change whose journal record cannot be written is rolled
// back in memory and the client is told; a nested import is refused and nothing sticks.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import {
  CreateApiKeyCommand, CreateRestApiCommand, CreateUsagePlanCommand, CreateUsagePlanKeyCommand, GetAccountCommand, GetApiKeysCommand,
  GetRestApisCommand, GetUsagePlansCommand, ImportRestApiCommand, UpdateAccountCommand,
} from '@aws-sdk/client-api-gateway';
import { StateFileError, startLocalGateway } from '../../../src/local';
import { readStateFiles } from '../../../src/local/state/persistence';
import { GatewayStore } from '../../../src/local/state/store';
import { emptyState } from '../../../src/local/state/model';
import type { DurableLog } from '../../../src/local/state/journal';
import { deployMethod, sdkClient } from './helpers';

const ROOT = path.resolve(__dirname, '../../..');

function validApi(id: string, name: string): Record<string, unknown> {
  return {
    id, name, createdDate: 1700000000, apiKeySource: 'HEADER', endpointConfiguration: { types: ['EDGE'] }, disableExecuteApiEndpoint: false,
    rootResourceId: `${id}r`, resources: [{ id: `${id}r`, path: '/', resourceMethods: {} }], deployments: [], stages: [],
  };
}

describe('local gateway: odd state files, all-or-nothing changes', function () {
  this.timeout(30_000);
  let dir: string;
  let statePath: string;
  beforeEach(() => { dir = mkdtempSync(path.join(tmpdir(), 'streamgate-odd-')); statePath = path.join(dir, 'state.json'); });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('loads a state file that starts with a UTF-8 byte order mark', async () => {
    writeFileSync(statePath, '\uFEFF' + JSON.stringify({ version: 1, restApis: [validApi('bom0000001', 'with-bom')] }));
    const gw = await startLocalGateway({ statePath, sample: false });
    const sdk = sdkClient(gw.url);
    try {
      assert.deepEqual((await sdk.send(new GetRestApisCommand({}))).items?.map((a) => a.name), ['with-bom']);
    } finally { sdk.destroy(); await gw.close(); }
  });

  const odd: Array<[string, string, RegExp, Partial<StateFileError>]> = [
    ['a null entry', JSON.stringify({ version: 1, restApis: [null] }), /restApis\[0\] is null/, { entry: 'restApis[0]', field: undefined }],
    ['a missing required field', JSON.stringify({ version: 1, restApis: [validApi('a', 'ok'), { ...validApi('b', 'x'), name: undefined }] }), /restApis\[1\]\.name is missing/, { entry: 'restApis[1]', field: 'name' }],
    ['a wrongly typed nested field', JSON.stringify({ version: 1, restApis: [{ ...validApi('c', 'x'), resources: [{ id: 'cr', path: 7, resourceMethods: {} }] }] }), /restApis\[0\]\.resources\[0\]\.path must be a string/, { entry: 'restApis[0].resources[0]', field: 'path' }],
    ['truncation', JSON.stringify({ version: 1, restApis: [validApi('d', 'x')] }).slice(0, 90), /is not valid JSON — it may have been cut short/, {}],
    ['restApis not a list', JSON.stringify({ version: 1, restApis: {} }), /restApis must be a list/, { field: 'restApis' }],
  ];
  for (const [what, text, message, fields] of odd) {
    it(`stops on ${what}, naming file, entry and field, and never overwrites it`, async () => {
      writeFileSync(statePath, text);
      await assert.rejects(startLocalGateway({ statePath, sample: false }), (e: unknown) => {
        assert.ok(e instanceof StateFileError, String(e));
        assert.equal(e.file, statePath);
        assert.ok(e.message.includes(statePath));
        assert.match(e.message, message);
        for (const [k, v] of Object.entries(fields)) assert.equal((e as unknown as Record<string, unknown>)[k], v, k);
        return true;
      });
      assert.equal(readFileSync(statePath, 'utf8'), text, 'the file is untouched');
      assert.deepEqual(readdirSync(dir), ['state.json'], 'no journal, lock or temp file was left');
    });
  }

  it('on request, keeps an unloadable file aside as .corrupt-<time> and starts empty (CLI --reset-corrupt-state too)', async () => {
    const text = JSON.stringify({ version: 1, restApis: [null] });
    writeFileSync(statePath, text);
    const gw = await startLocalGateway({ statePath, sample: false, resetCorruptState: true });
    try {
      assert.equal(gw.movedAside.length, 1);
      assert.match(path.basename(gw.movedAside[0]!), /^state\.json\.corrupt-\d{4}-\d\d-\d\dT/);
      assert.equal(readFileSync(gw.movedAside[0]!, 'utf8'), text);
    } finally { await gw.close(); }

    writeFileSync(statePath, '{"version":1,"restApis":[');
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'local', '--port', '0', '--no-sample', '--state', statePath, '--reset-corrupt-state'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      let out = '';
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no start: ${out}`)), 20_000);
        child.stdout!.on('data', (d: Buffer) => { out += d.toString(); if (/Fault hook token/.test(out)) { clearTimeout(timer); resolve(); } });
      });
      assert.match(out, /kept aside as .*state\.json\.corrupt-/);
    } finally {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
    }
    // The first reset kept state.json aside; the second one state.json and the journal the first gateway started.
    assert.equal(readdirSync(dir).filter((f) => f.includes('.corrupt-')).length, 3);
  });

  it('a change appends only the REST API it touched to the journal: the 5 MB state is not rewritten', async () => {
    const apis = Array.from({ length: 500 }, (_, i) => ({ ...validApi(`big${String(i).padStart(7, '0')}`, `api-${i}`), description: 'd'.repeat(10_000) }));
    writeFileSync(statePath, JSON.stringify({ version: 1, restApis: apis }));
    const gw = await startLocalGateway({ statePath, sample: false });
    const sdk = sdkClient(gw.url);
    try {
      const snapshotBytes = statSync(statePath).size;
      assert.ok(snapshotBytes > 5_000_000);
      const journal = `${statePath}.journal`;
      const before = statSync(journal).size;
      await sdk.send(new CreateRestApiCommand({ name: 'one-more' }));
      const grown = statSync(journal).size - before;
      assert.ok(grown > 0 && grown < 2_000, `one create appended ${grown} bytes`);
      assert.equal(statSync(statePath).size, snapshotBytes, 'the snapshot is untouched until a compaction');
    } finally { sdk.destroy(); await gw.close(); }
  });

  it('a change whose journal write fails is rolled back in memory and answered 503', async () => {
    let failNext = false;
    const written: string[] = [];
    const log: DurableLog = {
      append: async (lines) => { if (failNext) throw new Error('ENOSPC: no space left on device'); written.push(lines); },
      maybeCompact: () => undefined,
      idle: async () => undefined,
      close: async () => undefined,
    };
    const store = new GatewayStore(emptyState(), log);
    const api = await store.change(undefined, () => {
      const a = validApi('rb00000001', 'before') as never;
      store.state.restApis.push(a);
      return a as { name: string };
    });
    failNext = true;
    await assert.rejects(store.change('rb00000001', () => { api.name = 'after'; store.state.restApis.push(validApi('rb00000002', 'new') as never); }), (e: unknown) =>
      (e as { status: number }).status === 503 && /not applied.*ENOSPC/.test((e as Error).message));
    assert.deepEqual(store.state.restApis.map((a) => a.name), ['before'], 'memory is back to the durable state');
    await assert.rejects(store.change('rb00000001', () => { throw new Error('handler bug'); }));
    failNext = false;
    await store.change('rb00000001', () => { store.state.restApis[0]!.name = 'third'; });
    assert.deepEqual(written.map((l) => (JSON.parse(l) as { put: { name: string } }).put.name), ['before', 'third']);
  });

  it('deeply nested or wrongly typed input is refused with 400; nothing sticks and later changes persist', async () => {
    const gw = await startLocalGateway({ statePath, sample: false });
    const sdk = sdkClient(gw.url);
    try {
      const nested = `${'{"n":'.repeat(5000)}"x"${'}'.repeat(5000)}`; // deeper than JSON.stringify can write
      const doc = { openapi: '3.0.1', info: { title: 'nested' }, paths: { '/x': { get: { 'x-amazon-apigateway-integration': { type: 'mock', requestTemplates: { 'application/json': 'NESTED' } } } } } };
      await assert.rejects(sdk.send(new ImportRestApiCommand({ body: Buffer.from(JSON.stringify(doc).replace('"NESTED"', nested)) })), (e: unknown) =>
        (e as Error).name === 'BadRequestException' && /nested more than 64 levels/.test((e as Error).message));
      const shallow = { ...doc, paths: { '/x': { get: { 'x-amazon-apigateway-integration': { type: 'mock', requestTemplates: { 'application/json': { a: 1 } } } } } } };
      await assert.rejects(sdk.send(new ImportRestApiCommand({ body: Buffer.from(JSON.stringify(shallow)) })), (e: unknown) =>
        (e as Error).name === 'BadRequestException' && /requestTemplates must be a map of strings/.test((e as Error).message));
      await assert.rejects(sdk.send(new CreateRestApiCommand({ name: 'tags', tags: { a: { b: 'c' } as unknown as string } })), (e: unknown) => (e as Error).name === 'BadRequestException');
      await sdk.send(new CreateRestApiCommand({ name: 'later' }));
      assert.deepEqual((await sdk.send(new GetRestApisCommand({}))).items?.map((a) => a.name), ['later']);
      assert.deepEqual(readStateFiles(statePath).state.restApis.map((a) => a.name), ['later'], 'on disk too, before close');
    } finally { sdk.destroy(); await gw.close(); }
    assert.ok(!existsSync(`${statePath}.lock`), 'the lock is released on close');
  });

  it('API keys, usage plans and account settings are journaled too: they survive a restart and a failed write rolls them back', async () => {
    let gw = await startLocalGateway({ statePath, sample: false });
    let sdk = sdkClient(gw.url);
    try {
      const api = await deployMethod(sdk, '/keyed', { type: 'MOCK' });
      const key = await sdk.send(new CreateApiKeyCommand({ name: 'k1', enabled: true }));
      const plan = await sdk.send(new CreateUsagePlanCommand({ name: 'p1', apiStages: [{ apiId: api.apiId, stage: 'dev' }] }));
      await sdk.send(new CreateUsagePlanKeyCommand({ usagePlanId: plan.id, keyId: key.id, keyType: 'API_KEY' }));
      await sdk.send(new UpdateAccountCommand({ patchOperations: [{ op: 'replace', path: '/cloudwatchRoleArn', value: 'arn:aws:iam::123456789012:role/logs' }] }));
      const onDisk = readStateFiles(statePath).state;
      assert.deepEqual(onDisk.apiKeys?.map((k) => k.name), ['k1'], 'on disk before close');
      assert.deepEqual(onDisk.usagePlans?.map((p) => p.keyIds), [[key.id]]);
      assert.equal(onDisk.account?.cloudwatchRoleArn, 'arn:aws:iam::123456789012:role/logs');
    } finally { sdk.destroy(); await gw.close(); }
    gw = await startLocalGateway({ statePath, sample: false });
    sdk = sdkClient(gw.url);
    try {
      assert.deepEqual((await sdk.send(new GetApiKeysCommand({}))).items?.map((k) => k.name), ['k1']);
      assert.deepEqual((await sdk.send(new GetUsagePlansCommand({}))).items?.map((p) => p.name), ['p1']);
      assert.equal((await sdk.send(new GetAccountCommand({}))).cloudwatchRoleArn, 'arn:aws:iam::123456789012:role/logs');
    } finally { sdk.destroy(); await gw.close(); }
    assert.match(readFileSync(statePath, 'utf8'), /"apiKeys":\[\{/, 'the snapshot written at start holds them');

    let fail = false;
    const log: DurableLog = {
      append: async () => { if (fail) throw new Error('EIO'); },
      maybeCompact: () => undefined, idle: async () => undefined, close: async () => undefined,
    };
    const store = new GatewayStore(emptyState(), log);
    await store.change(undefined, () => { store.state.apiKeys = [{ id: 'k', value: 'v'.repeat(20), enabled: true, createdDate: 1, lastUpdatedDate: 1, stageKeys: [] }]; });
    fail = true;
    await assert.rejects(store.change(undefined, () => { store.state.apiKeys = []; store.state.account = { cloudwatchRoleArn: 'x' }; }));
    assert.deepEqual([store.state.apiKeys?.map((k) => k.id), store.state.account], [['k'], undefined], 'memory is back to the durable state');
  });
});
