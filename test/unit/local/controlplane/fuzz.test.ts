// Malformed and random control-plane input against a gateway with a state file, over real HTTP.
// A table of hostile bodies (nested tags, objects where strings go, deep nesting, wrong types
// for every write) must answer 400, never 500; then fast-check feeds random sequences of valid
// and invalid requests, and after each sequence the state on disk (snapshot + journal, read
// back as a restart would) must equal what the control plane serves from memory. Any 5xx is a bug.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import fc from 'fast-check';
import { startLocalGateway, type LocalGateway } from '../../../../src/local';
import { deploymentShape, resourceShape, restApiShape, stageShape } from '../../../../src/local/controlplane/shapes';
import { readStateFiles } from '../../../../src/local/state/persistence';

interface Answer { status: number; body: Record<string, unknown> }

describe('local gateway: malformed and random control-plane input', function () {
  this.timeout(120_000);
  let gw: LocalGateway;
  let dir: string;
  let statePath: string;

  async function call(method: string, p: string, body?: unknown, raw = false): Promise<Answer> {
    const res = await fetch(`${gw.url}${p}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : raw ? String(body) : JSON.stringify(body),
    });
    const text = await res.text();
    let parsed: Record<string, unknown> = {};
    try { parsed = text ? (JSON.parse(text) as Record<string, unknown>) : {}; } catch { parsed = { text }; }
    assert.ok(res.status < 500, `${method} ${p} ${raw ? String(body).slice(0, 80) : JSON.stringify(body)?.slice(0, 200)} answered ${res.status}: ${text.slice(0, 300)}`);
    return { status: res.status, body: parsed };
  }

  /** What clients see, and what the files on disk say, in the same shapes. */
  async function servedState(): Promise<unknown> {
    const apis = (await call('GET', '/restapis?limit=500')).body.item as Array<{ id: string }>;
    const out = [];
    for (const a of apis) {
      const resources = (await call('GET', `/restapis/${a.id}/resources?embed=methods&limit=500`)).body.item;
      const deployments = ((await call('GET', `/restapis/${a.id}/deployments?limit=500`)).body.item as Array<{ id: string }>);
      const summaries = [];
      for (const d of deployments) summaries.push((await call('GET', `/restapis/${a.id}/deployments/${d.id}?embed=apisummary`)).body);
      out.push({ api: a, resources, deployments: summaries, stages: (await call('GET', `/restapis/${a.id}/stages`)).body.item });
    }
    return JSON.parse(JSON.stringify(out));
  }
  function diskState(): unknown {
    const { state } = readStateFiles(statePath);
    return JSON.parse(JSON.stringify(state.restApis.map((a) => ({
      api: restApiShape(a),
      resources: a.resources.map((r) => resourceShape(r, true)),
      deployments: a.deployments.map((d) => deploymentShape(d, true)),
      stages: a.stages.map(stageShape),
    }))));
  }

  before(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'streamgate-fuzz-'));
    statePath = path.join(dir, 'state.json');
    gw = await startLocalGateway({ statePath, sample: false });
  });
  after(async () => { await gw.close(); rmSync(dir, { recursive: true, force: true }); });

  it('answers 400 (never 500) to hostile bodies on every write, and applies none of them', async () => {
    const api = (await call('POST', '/restapis', { name: 'target' })).body as { id: string; rootResourceId: string };
    const res = (await call('POST', `/restapis/${api.id}/resources/${api.rootResourceId}`, { pathPart: 'items' })).body as { id: string };
    await call('PUT', `/restapis/${api.id}/resources/${res.id}/methods/GET`, { authorizationType: 'NONE' });
    await call('PUT', `/restapis/${api.id}/resources/${res.id}/methods/GET/integration`, { type: 'MOCK' });
    await call('POST', `/restapis/${api.id}/deployments`, { stageName: 'dev' });
    const before = await servedState();
    const deep = `${'['.repeat(10_000)}${']'.repeat(10_000)}`;
    const hostile: Array<[string, string, unknown, boolean?]> = [
      ['POST', '/restapis', { name: 'x', tags: { a: { nested: 'tag' } } }],
      ['POST', '/restapis', { name: 'x', tags: ['a'] }],
      ['POST', '/restapis', { name: { not: 'a string' } }],
      ['POST', '/restapis', { name: 'x', binaryMediaTypes: [{ a: 1 }] }],
      ['POST', '/restapis', { name: 'x', endpointConfiguration: { types: [['REGIONAL']] } }],
      ['POST', '/restapis', { name: 'x', endpointConfiguration: 'REGIONAL' }],
      ['POST', '/restapis', `{"name":"x","description":${deep}}`, true],
      ['POST', '/restapis', '{"name": "x"', true],
      ['POST', '/restapis', '[1,2,3]', true],
      ['POST', '/restapis', 'null', true],
      ['POST', `/restapis/${api.id}/resources/${api.rootResourceId}`, { pathPart: { a: 'b' } }],
      ['POST', `/restapis/${api.id}/resources/${api.rootResourceId}`, { pathPart: '../etc' }],
      ['PUT', `/restapis/${api.id}/resources/${res.id}/methods/POST`, { authorizationType: 'NONE', requestParameters: { 'method.request.path.id': 'yes' } }],
      ['PUT', `/restapis/${api.id}/resources/${res.id}/methods/POST`, { authorizationType: ['NONE'] }],
      ['PUT', `/restapis/${api.id}/resources/${res.id}/methods/GET/integration`, { type: 'MOCK', requestTemplates: { 'application/json': { nested: true } } }],
      ['PUT', `/restapis/${api.id}/resources/${res.id}/methods/GET/integration`, { type: 'HTTP_PROXY', httpMethod: 'GET', uri: 'http://x', requestParameters: { a: 1 } }],
      ['PUT', `/restapis/${api.id}/resources/${res.id}/methods/GET/integration`, { type: 'MOCK', timeoutInMillis: '29000' }],
      ['PUT', `/restapis/${api.id}/resources/${res.id}/methods/GET/integration`, { type: 'MOCK', cacheKeyParameters: 'a' }],
      ['PATCH', `/restapis/${api.id}/resources/${res.id}/methods/GET/integration`, { patchOperations: { op: 'replace' } }],
      ['PATCH', `/restapis/${api.id}/resources/${res.id}/methods/GET/integration`, { patchOperations: [null] }],
      ['PATCH', `/restapis/${api.id}/resources/${res.id}/methods/GET/integration`, { patchOperations: [{ op: 'replace', path: '/requestTemplates/application~1json', value: { a: 1 } }] }],
      ['PATCH', `/restapis/${api.id}/resources/${res.id}/methods/GET/integration`, { patchOperations: [{ op: 'replace', path: 7 }] }],
      ['PATCH', `/restapis/${api.id}/stages/dev`, { patchOperations: [{ op: 'replace', path: '/variables/a', value: ['x'] }] }],
      ['PATCH', `/restapis/${api.id}/stages/dev`, { patchOperations: [{ op: 'replace', path: '/*/*/throttling/rateLimit', value: 'fast' }] }],
      ['POST', `/restapis/${api.id}/deployments`, { stageName: 'dev', variables: { a: { b: 1 } } }],
      ['POST', `/restapis/${api.id}/deployments`, { stageName: ['dev'] }],
      ['POST', `/restapis/${api.id}/stages`, { stageName: 'v2', deploymentId: { id: 'x' } }],
      ['POST', '/restapis?mode=import', { openapi: '3.0.1', info: { title: { nested: 'title' } }, paths: {} }],
      ['POST', '/restapis?mode=import', { openapi: '3.0.1', info: { title: 't' }, paths: { '/x': { get: { 'x-amazon-apigateway-integration': { type: 'mock', responses: { default: { statusCode: { a: 1 } } } } } } } }],
      ['POST', '/restapis?mode=import', { openapi: '3.0.1', info: { title: 't' }, paths: { '/x': { get: { 'x-amazon-apigateway-integration': { type: 'mock', cacheKeyParameters: [{}] } } } } }],
      ['POST', '/restapis?mode=import', { openapi: '3.0.1', info: { title: 't' }, 'x-amazon-apigateway-binary-media-types': [{}] }],
      ['POST', '/restapis?mode=import', `{"openapi":"3.0.1","info":{"title":"t"},"x":${deep}}`, true],
    ];
    for (const [method, p, body, raw] of hostile) {
      const answer = await call(method, p, body, raw);
      assert.equal(answer.status, 400, `${method} ${p} ${raw ? '(raw)' : JSON.stringify(body)}: ${JSON.stringify(answer.body)}`);
    }
    assert.deepEqual(await servedState(), before, 'none of them changed anything');
    assert.deepEqual(diskState(), before, 'and the disk agrees');
  });

  it('property: random request sequences never answer 5xx, and disk always equals memory', async () => {
    const ids = { apis: [] as string[], resources: new Map<string, string[]>() };
    const pick = <T>(list: T[], i: number): T | undefined => (list.length ? list[i % list.length] : undefined);
    const junk = fc.oneof(fc.string({ maxLength: 8 }), fc.integer(), fc.boolean(), fc.constant(null), fc.jsonValue({ maxDepth: 3 }));
    const text = fc.oneof(fc.constantFrom('a', 'items', '{id}', '{proxy+}', 'x.y', '', '..', 'a/b'), fc.string({ maxLength: 6 }));
    const action = fc.record({
      kind: fc.constantFrom('createApi', 'createResource', 'putMethod', 'putIntegration', 'patch', 'deploy', 'patchStage', 'deleteResource', 'deleteApi', 'import', 'junk'),
      i: fc.nat(), j: fc.nat(),
      name: text,
      verb: fc.constantFrom('GET', 'POST', 'ANY', 'get', 'BREW'),
      type: fc.constantFrom('MOCK', 'HTTP_PROXY', 'AWS_PROXY', 'HTTP', 'nope'),
      mode: fc.constantFrom('STREAM', 'BUFFERED', undefined, 'stream'),
      timeout: fc.oneof(fc.integer({ min: -10, max: 1_000_000 }), fc.constant(undefined)),
      value: junk,
      ops: fc.array(fc.record({ op: fc.constantFrom('add', 'remove', 'replace', 'move'), path: fc.constantFrom('/timeoutInMillis', '/responseTransferMode', '/requestParameters/a', '/cacheKeyParameters/k', '/uri', '/nope', '/variables/v', '/description', '/*/*/caching/enabled'), value: junk }), { maxLength: 4 }),
    });
    await fc.assert(fc.asyncProperty(fc.array(action, { minLength: 1, maxLength: 12 }), async (actions) => {
      for (const a of actions) {
        const api = pick(ids.apis, a.i);
        const res = api ? pick(ids.resources.get(api) ?? [], a.j) : undefined;
        switch (a.kind) {
          case 'createApi': {
            const r = await call('POST', '/restapis', { name: a.name || 'n', description: typeof a.value === 'string' ? a.value : undefined });
            if (r.status === 201) { ids.apis.push(r.body.id as string); ids.resources.set(r.body.id as string, [r.body.rootResourceId as string]); }
            break;
          }
          case 'createResource':
            if (api && res) {
              const r = await call('POST', `/restapis/${api}/resources/${res}`, { pathPart: a.name });
              if (r.status === 201) ids.resources.get(api)!.push(r.body.id as string);
            }
            break;
          case 'putMethod': if (api && res) await call('PUT', `/restapis/${api}/resources/${res}/methods/${a.verb}`, { authorizationType: a.i % 5 ? 'NONE' : a.value }); break;
          case 'putIntegration':
            if (api && res) await call('PUT', `/restapis/${api}/resources/${res}/methods/${a.verb}/integration`, { type: a.type, httpMethod: 'GET', uri: a.type === 'HTTP_PROXY' ? 'http://127.0.0.1:9/{id}' : undefined, responseTransferMode: a.mode, timeoutInMillis: a.timeout, requestTemplates: a.j % 3 ? undefined : { 'application/json': a.value } });
            break;
          case 'patch': if (api && res) await call('PATCH', `/restapis/${api}/resources/${res}/methods/${a.verb}/integration`, { patchOperations: a.ops }); break;
          case 'deploy': if (api) await call('POST', `/restapis/${api}/deployments`, { stageName: a.i % 2 ? 'dev' : a.name, description: a.name }); break;
          case 'patchStage': if (api) await call('PATCH', `/restapis/${api}/stages/dev`, { patchOperations: a.ops }); break;
          case 'deleteResource': if (api && res) await call('DELETE', `/restapis/${api}/resources/${res}`); break;
          case 'deleteApi': if (api && a.j % 4 === 0) await call('DELETE', `/restapis/${api}`); break;
          case 'import':
            await call('POST', '/restapis?mode=import', { openapi: '3.0.1', info: { title: a.name }, paths: { [`/${a.name}`]: { get: { 'x-amazon-apigateway-integration': { type: a.type, httpMethod: 'GET', uri: 'http://127.0.0.1:9/', responseTransferMode: a.mode, requestParameters: a.value } } } } });
            break;
          case 'junk': await call(a.i % 2 ? 'POST' : 'PATCH', api ? `/restapis/${api}/resources/${res ?? 'x'}/methods/GET/integration` : '/restapis', a.value); break;
        }
      }
      assert.deepEqual(diskState(), await servedState(), 'the state file and memory agree');
    }), { numRuns: 15, seed: Number(process.env.FUZZ_SEED ?? 20261201) });
    assert.ok(ids.apis.length >= 5 && [...ids.resources.values()].some((r) => r.length > 1), 'the sequences made real changes too');
  });
});
