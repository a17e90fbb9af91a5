// The .http parser and resolver on files written as REST Client and httpYac write them.
import assert from 'node:assert/strict';
import { analyzeHttpFile, findRequest, parseDotenv, parseHttpFile, selectEnvironment, environmentNames } from '../../../src/shared/http';

const FILE = [
  '@host = 127.0.0.1:4510',
  '@base = http://{{host}}/restapis/{{apiId}}/{{stage}}/_user_request_',
  '',
  '### Chat, streamed',
  '# @name chat',
  'POST {{base}}/chat HTTP/1.1',
  'Content-Type: application/json',
  'X-Request-Id: {{$guid}}',
  'X-Token: {{$processEnv SG_TOKEN}}',
  'X-Dot: {{$dotenv DOT_KEY}}',
  '',
  '{"prompt": "hi", "seed": {{$randomInt 1 10}}, "at": {{$timestamp}}}',
  '',
  '',
  '###',
  '// @name records',
  'GET {{base}}/ndjson',
  '  ?limit=5',
  '  &from=0',
  '',
  '###',
  '# @name upload',
  'PUT {{base}}/upload',
  'Content-Type: application/octet-stream',
  '',
  '< ./payload.bin',
  '###',
  'https://example.com/only-a-url',
].join('\n');

const ENVS = { $shared: { stage: 'dev', apiId: 'shared-id' }, dev: { apiId: 'abc123' }, prod: { stage: 'prod', apiId: '{{$shared apiId}}-p' } };

const ctx = (env = 'dev') => ({
  environment: selectEnvironment(ENVS, env),
  processEnv: (n: string) => (n === 'SG_TOKEN' ? 'tok-1' : undefined),
  dotenv: (n: string) => parseDotenv('# c\nDOT_KEY="from dotenv"\nOTHER=1 # trailing\n')[n],
  now: () => 1_700_000_000_123,
  random: () => 0.5,
});

describe('.http files', () => {
  it('splits on ###, reads @name, file variables, headers, bodies and continuation lines', () => {
    const f = parseHttpFile(FILE);
    assert.deepEqual(f.diagnostics, []);
    assert.deepEqual(f.requests.map((r) => [r.name, r.method, r.line]), [['chat', 'POST', 5], ['records', 'GET', 16], ['upload', 'PUT', 22], [undefined, 'GET', 27]]);
    assert.deepEqual(f.variables.map((v) => v.name), ['host', 'base']);
    const chat = f.requests[0]!;
    assert.equal(chat.url, '{{base}}/chat');
    assert.deepEqual(chat.headers.map((h) => h.name), ['Content-Type', 'X-Request-Id', 'X-Token', 'X-Dot']);
    assert.deepEqual(chat.body, { kind: 'text', text: '{"prompt": "hi", "seed": {{$randomInt 1 10}}, "at": {{$timestamp}}}', line: 11 });
    assert.equal(f.requests[1]!.url, '{{base}}/ndjson?limit=5&from=0');
    assert.deepEqual(f.requests[2]!.body, { kind: 'file', path: './payload.bin', processVariables: false, line: 25 });
  });

  it('resolves variables, the environment ($shared + named) and system variables', () => {
    const a = analyzeHttpFile(FILE, ctx());
    assert.deepEqual(a.allDiagnostics, []);
    const chat = a.resolved[0]!.request!;
    assert.equal(chat.url, 'http://127.0.0.1:4510/restapis/abc123/dev/_user_request_/chat');
    assert.equal(chat.headers['X-Token'], 'tok-1');
    assert.equal(chat.headers['X-Dot'], 'from dotenv');
    assert.match(chat.headers['X-Request-Id']!, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    assert.deepEqual(chat.body, { kind: 'text', text: '{"prompt": "hi", "seed": 5, "at": 1700000000}' });
    const prod = analyzeHttpFile(FILE, ctx('prod')).resolved[1]!.request!;
    assert.equal(prod.url, 'http://127.0.0.1:4510/restapis/shared-id-p/prod/_user_request_/ndjson?limit=5&from=0');
    assert.deepEqual(environmentNames(ENVS), ['dev', 'prod']);
  });

  it('puts unresolved variables, bad syntax and unsupported directives on their lines', () => {
    const text = [
      '# @name first', '# @ref other', 'GET http://x/{{missing}}', 'X-A: {{$aadToken}}', 'not a header', '', '###',
      '@broken', 'FETCH http://x/', '###', 'GET http://x/{{login.response.body.token}}', '###', 'GET http://x/{{unclosed',
    ].join('\n');
    const a = analyzeHttpFile(text, ctx());
    const by = (line: number) => a.allDiagnostics.filter((d) => d.line === line).map((d) => d.message);
    assert.match(by(1)[0]!, /@ref is not supported/);
    assert.equal(a.allDiagnostics.find((d) => d.line === 1)!.severity, 'warning');
    assert.match(by(2)[0]!, /Unresolved variable "missing"/);
    const missing = a.allDiagnostics.find((d) => d.line === 2)!;
    assert.equal(text.split('\n')[2]!.slice(missing.startColumn, missing.endColumn), '{{missing}}');
    assert.match(by(3)[0]!, /\$aadToken is not supported/);
    assert.match(by(4)[0]!, /Expected a header/);
    assert.match(by(7)[0]!, /file variable looks like/);
    assert.match(by(8)[0]!, /Expected a request line .*FETCH/);
    assert.match(by(10)[0]!, /Request variables .* not supported/);
    assert.match(by(12)[0]!, /Unclosed/);
    assert.equal(a.resolved[0]!.request, undefined, 'a request with an error is not sendable');
  });

  it('finds a request by name or position and says which exist', () => {
    const f = parseHttpFile(FILE);
    assert.equal((findRequest(f, 'records') as { name: string }).name, 'records');
    assert.equal((findRequest(f, '4') as { url: string }).url, 'https://example.com/only-a-url');
    assert.match((findRequest(f, undefined) as { error: string }).error, /4 requests: choose one with --name \(chat, records, upload, #4 GET/);
    assert.match((findRequest(f, 'nope') as { error: string }).error, /no request named "nope"/);
  });

  it('reports a self-referencing variable instead of looping', () => {
    const a = analyzeHttpFile('@a = {{b}}\n@b = {{a}}\nGET http://x/{{a}}', ctx());
    assert.match(a.allDiagnostics[0]!.message, /refers to itself/);
  });
});

describe('.http variables named like Object members', () => {
  it('treats {{constructor}} and {{toString}} as undefined variables, not as functions', () => {
    const a = analyzeHttpFile('GET http://x/{{constructor}}/{{toString}}', ctx());
    assert.deepEqual(a.allDiagnostics.map((d) => d.message.split(':')[0]), ['Unresolved variable "constructor"', 'Unresolved variable "toString"']);
  });
});
