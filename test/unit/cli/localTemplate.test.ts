// `streamgate local --template …` as a user runs it (a spawned CLI): the plain CloudFormation
// and cdk.out fixtures serve their routes, --parameter-overrides and --watch work, and template
// mistakes exit at once with a message naming the resource and property.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { runCli } from './runCli';
import { startBackend, timedRequest, writeSchedule, type ScriptedBackend } from '../local/helpers';
import { CDK_FIXTURE, CFN_FIXTURE, installExampleDependencies, removeProject, ROOT, tempProject } from '../templates/helpers';

interface Served { child: ChildProcess; output(): string; waitFor(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray> }

function serve(args: string[]): Served {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('AWS_')));
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'local', '--port', '0', ...args], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const listeners = new Set<() => void>();
  child.stdout!.on('data', (d: Buffer) => { out += d.toString(); for (const l of listeners) l(); });
  child.stderr!.on('data', (d: Buffer) => { out += d.toString(); });
  return {
    child,
    output: () => out,
    waitFor: (pattern, timeoutMs = 20_000) => new Promise((resolve, reject) => {
      const check = () => { const m = out.match(pattern); if (m) { listeners.delete(check); clearTimeout(timer); resolve(m); } };
      const timer = setTimeout(() => { listeners.delete(check); reject(new Error(`no output matching ${pattern} in ${timeoutMs} ms:\n${out}`)); }, timeoutMs);
      listeners.add(check);
      child.once('exit', (code) => { clearTimeout(timer); reject(new Error(`exited with ${code}:\n${out}`)); });
      check();
    }),
  };
}

async function stop(s: Served): Promise<void> {
  if (s.child.exitCode !== null) return;
  const exited = new Promise((resolve) => s.child.once('exit', resolve));
  s.child.kill('SIGTERM');
  await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
  if (s.child.exitCode === null) s.child.kill('SIGKILL');
}

describe('streamgate local --template (CLI)', function () {
  this.timeout(60_000);
  let backend: ScriptedBackend;
  before(async () => {
    backend = await startBackend((req, res) => {
      if (req.url === '/events') writeSchedule(res, [0, 200, 200].map((afterMs, i) => ({ afterMs, data: `event ${i}\n` })));
      else { res.writeHead(200, { 'content-type': 'application/json' }); res.end(JSON.stringify({ url: req.url })); }
    });
  });
  after(() => backend.close());

  it('serves the plain CloudFormation fixture with --parameter-overrides: routes printed, STREAM streams, MOCK answers', async () => {
    const s = serve(['--template', CFN_FIXTURE, '--parameter-overrides', `BackendUrl=${backend.url}`, 'StageName=v2']);
    try {
      await s.waitFor(/Serving 2 REST API\(s\) and 1 function\(s\) from /);
      const [, events] = await s.waitFor(/GET\s+(http:\/\/127\.0\.0\.1:\d+\/restapis\/\w+\/v2\/_user_request_\/events)\s+HTTP_PROXY STREAM 60000 ms/);
      const out = s.output();
      assert.match(out, /warning: template\.yaml: skipped 3 resources — .*AWS::DynamoDB::Table/);
      assert.match(out, /POST\s+\S+\/v2\/_user_request_\/events\s+AWS_PROXY STREAM 300000 ms → events/);
      assert.match(out, /GET\s+(\S+\/docs\/_user_request_\/readme)\s+MOCK BUFFERED/);
      assert.doesNotMatch(out, /Sample API/, 'only the template\'s API is served');
      const r = await timedRequest(events!);
      assert.equal(r.body.toString(), 'event 0\nevent 1\nevent 2\n');
      assert.ok(r.firstByteAtMs! < r.endAtMs * 0.6, `streamed: first byte ${r.firstByteAtMs} ms, end ${r.endAtMs} ms`);
      const health = await timedRequest(events!.replace(/\/events$/, '/'));
      assert.deepEqual(JSON.parse(health.body.toString()), { ok: true });
    } finally { await stop(s); }
  });

  it('serves the SAM example as the README shows it: the chat streams through its function (its log lines tagged), the summary is BUFFERED', async () => {
    installExampleDependencies();
    const s = serve(['--template', 'examples/sam-streaming-chat/template.yaml']);
    try {
      await s.waitFor(/Serving 1 REST API\(s\) and 3 function\(s\)/);
      const [, chat] = await s.waitFor(/GET\s+(http:\/\/\S+\/Prod\/_user_request_\/chat)\s+AWS_PROXY STREAM 120000 ms → ChatFunction/);
      assert.match(s.output(), /GET\s+\S+\/Prod\/_user_request_\/summary\s+AWS_PROXY BUFFERED → SummaryFunction/);
      const r = await timedRequest(`${chat}?delayMs=60`);
      assert.equal(r.status, 200, r.body.toString());
      assert.ok(r.chunks.length >= 5 && r.chunks.at(-1)!.atMs - r.chunks[0]!.atMs > 500, `${r.chunks.length} chunks over ${(r.chunks.at(-1)!.atMs - r.chunks[0]!.atMs).toFixed(0)} ms`);
      // The runtime tags each line: [fn] <time> <request id> <function> <line>.
      await s.waitFor(/\[fn\] \S+ [0-9a-f-]{36} ChatFunction yielded token 12/);
    } finally { await stop(s); }
  });

  it('serves the cdk.out fixture (the folder): stage prod, MOCK /health', async () => {
    const s = serve(['--template', CDK_FIXTURE]);
    try {
      await s.waitFor(/Serving 1 REST API\(s\)/);
      const [, health] = await s.waitFor(/GET\s+(http:\/\/\S+\/prod\/_user_request_\/health)\s+MOCK BUFFERED/);
      assert.match(s.output(), /POST\s+\S+\/prod\/_user_request_\/chat\s+AWS_PROXY STREAM 120000 ms → ChatHandler5F1A2B3C/);
      assert.deepEqual(JSON.parse((await timedRequest(health!)).body.toString()), { status: 'ok' });
    } finally { await stop(s); }
  });

  it('--watch: an edited template is re-imported into the same API and deployed to its stage', async () => {
    const dir = tempProject({ 'template.yaml': fs.readFileSync(CFN_FIXTURE, 'utf8'), 'docs-openapi.yaml': fs.readFileSync(path.join(path.dirname(CFN_FIXTURE), 'docs-openapi.yaml'), 'utf8') });
    const file = path.join(dir, 'template.yaml');
    const s = serve(['--template', file, '--parameter-overrides', `BackendUrl=${backend.url}`, '--watch']);
    try {
      const [, url, apiId] = await s.waitFor(/GET\s+(http:\/\/\S+\/restapis\/(\w+)\/v1\/_user_request_\/)\s+MOCK/);
      await s.waitFor(/Watching 2 file\(s\)/);
      assert.deepEqual(JSON.parse((await timedRequest(url!)).body.toString()), { ok: true });
      fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace(`'{"ok": true}'`, `'{"ok": "edited"}'`));
      await s.waitFor(new RegExp(`Template changed: re-imported EventsApi \\(${apiId}\\) → v1`));
      assert.deepEqual(JSON.parse((await timedRequest(url!)).body.toString()), { ok: 'edited' });
      fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('PathPart: events', 'PathPart: !Ref Missing'));
      await s.waitFor(/Template change not applied \(the previous API keeps serving\): .*EventsResource, property PathPart: Ref "Missing"/);
      assert.deepEqual(JSON.parse((await timedRequest(url!)).body.toString()), { ok: 'edited' });
    } finally { await stop(s); removeProject(dir); }
  });

  it('template mistakes exit 1 with one clear line; --watch without --template is a usage error', async () => {
    const [missing, usage, badEnv] = await Promise.all([
      runCli(['local', '--port', '0', '--template', CFN_FIXTURE]),
      runCli(['local', '--watch']),
      runCli(['local', '--template', CFN_FIXTURE, '--env-vars', path.join(ROOT, 'package.json')]),
    ]);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /^streamgate local: .*template\.yaml: .*parameter "BackendUrl" has no Default; pass --parameter-overrides BackendUrl=VALUE — or give it a value with --env-vars env\.json: \{"ChatFunction": \{"BACKEND_URL": "…"\}\}\n$/);
    assert.equal(usage.code, 2);
    assert.match(usage.stderr, /--parameter-overrides, --env-vars and --watch need --template PATH/);
    assert.equal(badEnv.code, 2);
    assert.match(badEnv.stderr, /--env-vars .*package\.json: expected \{"FunctionLogicalId"/);
  });
});
