// Security of the local gateway: it binds loopback by default, caps request bodies (also when
// no content-length is sent), refuses path traversal in the state file path and in Lambda
// handler names, and runs handlers only from the configured folders (not through symlinks).
import assert from 'node:assert/strict';
import http from 'node:http';
import net from 'node:net';
import { mkdtempSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync, existsSync } from 'node:fs';
import { networkInterfaces, tmpdir } from 'node:os';
import * as path from 'node:path';
import fc from 'fast-check';
import { startLocalGateway } from '../../../src/local';
import { FunctionNotFound, functionNameFromArn, resolveHandlerDirFunction } from '../../../src/local/functions/handlerDirs';
import { CONTROL_PLANE_BODY_LIMIT } from '../../../src/local/controlplane/router';

/** Sends `total` bytes as a chunked body (no content-length) and returns the status. */
function postChunked(url: string, total: number): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: 'POST', agent: false, headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' } }, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => { body += d.toString(); });
      res.on('end', () => resolve({ status: res.statusCode!, body }));
    });
    const guard = setTimeout(() => { req.destroy(); reject(new Error('chunked upload took too long')); }, 15_000);
    req.on('error', (err) => { clearTimeout(guard); reject(err); });
    req.on('response', () => clearTimeout(guard));
    const block = Buffer.alloc(256 * 1024, 0x20);
    let sent = 0;
    const pump = (): void => {
      while (sent < total) {
        sent += block.length;
        if (!req.write(block)) { req.once('drain', pump); return; }
      }
      req.end();
    };
    // A server that refuses early may close while we write: that is fine, the status counts.
    req.on('error', () => undefined);
    pump();
  });
}

describe('security', function () {
  this.timeout(20_000);

  describe('local gateway', () => {
    it('binds 127.0.0.1 by default and is not reachable on other interfaces', async () => {
      const gw = await startLocalGateway({ port: 0, sample: false });
      try {
        assert.match(gw.url, /^http:\/\/127\.0\.0\.1:\d+$/);
        const external = Object.values(networkInterfaces()).flat().find((i) => i && !i.internal && i.family === 'IPv4');
        if (external) {
          const err = await new Promise<NodeJS.ErrnoException | undefined>((resolve) => {
            const s = net.connect({ host: external.address, port: gw.port });
            s.once('connect', () => { s.destroy(); resolve(undefined); });
            s.once('error', resolve);
            s.setTimeout(3000, () => { s.destroy(); resolve(Object.assign(new Error('timeout'), { code: 'ETIMEDOUT' })); });
          });
          assert.ok(err, `reachable on ${external.address}`);
        }
      } finally {
        await gw.close();
      }
    });

    it('caps control-plane and data-plane request bodies even without content-length, and keeps serving', async () => {
      const gw = await startLocalGateway({ port: 0, sample: true });
      try {
        const rssBefore = process.memoryUsage().rss;
        const cp = await postChunked(`${gw.url}/restapis`, CONTROL_PLANE_BODY_LIMIT + 512 * 1024);
        assert.equal(cp.status, 413, cp.body);
        assert.match(cp.body, /limited to \d+ bytes/);
        const dp = await postChunked(`${gw.url}/restapis/${gw.sampleApiId}/dev/_user_request_/chat`, 10 * 1024 * 1024 + 512 * 1024);
        assert.equal(dp.status, 413, dp.body);
        const grew = process.memoryUsage().rss - rssBefore;
        assert.ok(grew < 64 * 1024 * 1024, `RSS grew by ${(grew / 1048576).toFixed(1)} MB`);
        const ok = await fetch(`${gw.url}/restapis`);
        assert.equal(ok.status, 200);
      } finally {
        await gw.close();
      }
    });

    it('refuses a state file path with ".." segments or that is not a .json file, and never creates it', async () => {
      const dir = mkdtempSync(path.join(tmpdir(), 'sg-state-'));
      try {
        for (const bad of [
          `${dir}/a/../../escape.json`, `${dir}/../escape.json`, 'state/../../x.json', '..\\..\\x.json',
          path.join(dir, '.bashrc'), path.join(dir, 'state.json.sh'), path.join(dir, 'x\0.json'),
        ]) {
          await assert.rejects(startLocalGateway({ port: 0, statePath: bad }), /state path .*(contains "\.\."|must name a \.json file|NUL)/, bad);
        }
        assert.ok(!existsSync(path.join(dir, '..', 'escape.json')));
        assert.ok(!existsSync(path.join(dir, '.bashrc')));
        // A plain path still works.
        const good = path.join(dir, 'nested', 'state.json');
        const gw = await startLocalGateway({ port: 0, statePath: good });
        await gw.close();
        assert.equal(JSON.parse(readFileSync(good, 'utf8')).version, 1);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });

    describe('Lambda handlers', () => {
      let root: string;
      let handlers: string;
      const marker = (name: string) => `export const handler = async () => ({ statusCode: 200, body: ${JSON.stringify(name)} });\n`;
      before(() => {
        root = mkdtempSync(path.join(tmpdir(), 'sg-handlers-'));
        handlers = path.join(root, 'handlers');
        mkdirSync(path.join(handlers, 'sub'), { recursive: true });
        mkdirSync(path.join(root, 'outside'));
        writeFileSync(path.join(handlers, 'good.mjs'), marker('good'));
        writeFileSync(path.join(handlers, 'sub', 'nested.mjs'), marker('nested'));
        writeFileSync(path.join(root, 'outside', 'evil.mjs'), marker('evil'));
        writeFileSync(path.join(root, 'sibling.mjs'), marker('sibling'));
        symlinkSync(path.join(root, 'outside', 'evil.mjs'), path.join(handlers, 'link.mjs'));
        symlinkSync(path.join(root, 'outside'), path.join(handlers, 'dirlink'));
      });
      after(() => rmSync(root, { recursive: true, force: true }));

      const arn = (name: string) => `arn:aws:lambda:us-east-1:123456789012:function:${name}`;

      it('runs a handler from a configured folder, and never one reached by a symlink, a subfolder or a climbing name', async () => {
        const good = await resolveHandlerDirFunction([handlers], arn('good'));
        assert.equal(good.source, path.join(handlers, 'good.mjs').replace(root, (await import('node:fs')).realpathSync(root)));
        assert.equal(good.handler, 'good.handler');
        for (const name of ['link', 'nested', 'sibling', 'evil', 'dirlink']) {
          await assert.rejects(resolveHandlerDirFunction([handlers], arn(name)), FunctionNotFound, name);
        }
        for (const name of ['../sibling', 'sub/nested', '..%2Fsibling', 'dirlink/evil', '../outside/evil', '%2e%2e/sibling', '..\\sibling', '/etc/passwd']) {
          await assert.rejects(resolveHandlerDirFunction([handlers], arn(name)), /not a Lambda function ARN/, name);
        }
        // The runtime loads NAME.js before NAME.mjs: a symlinked NAME.js next to a real NAME.mjs refuses both.
        writeFileSync(path.join(handlers, 'shadow.mjs'), marker('shadow'));
        symlinkSync(path.join(root, 'outside', 'evil.mjs'), path.join(handlers, 'shadow.js'));
        await assert.rejects(resolveHandlerDirFunction([handlers], arn('shadow')), FunctionNotFound);
        // Without folders nothing is taken from disk, even names that exist there.
        await assert.rejects(resolveHandlerDirFunction([], arn('good')), /no handler folders are configured/);
      });

      it('answers through a runtime process for the allowed file and 500 for a symlinked one', async () => {
        const gw = await startLocalGateway({ sample: false, handlerDirs: [handlers] });
        try {
          assert.equal(gw.functions.has(arn('good')), true);
          assert.equal(gw.functions.has(arn('missing')), false);
          assert.equal(gw.functions.has(arn('../sibling')), false);
          const { deployLambda } = await import('../local/helpers');
          for (const [name, status, body] of [['good', 200, 'good'], ['link', 500, undefined]] as const) {
            const url = await deployLambda(gw, name);
            const r = await fetch(url);
            assert.equal(r.status, status, name);
            if (body) assert.equal(await r.text(), body);
            else await r.arrayBuffer();
          }
        } finally {
          await gw.close();
        }
      });

      it('property: a function name taken from any ARN-like string is a plain file name, never a path', () => {
        const piece = fc.constantFrom('..', '.', '/', '\\', '%2F', '%2e', '\0', ':', 'a', 'Z', '_', '-', '9', ' ', '~', '$LATEST');
        fc.assert(fc.property(fc.array(piece, { maxLength: 12 }).map((a) => a.join('')), fc.boolean(), (name, qualified) => {
          const fn = functionNameFromArn(`arn:aws:lambda:us-east-1:123456789012:function:${name}${qualified ? ':1' : ''}`);
          if (fn !== undefined) {
            assert.match(fn, /^[A-Za-z0-9_-]{1,64}$/);
            assert.equal(path.basename(fn), fn);
          }
        }), { numRuns: 1000 });
      });
    });
  });
});
