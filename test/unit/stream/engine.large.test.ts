import assert from 'node:assert/strict';
import { rm, stat } from 'node:fs/promises';
import { runRequest } from '../../../src/core/stream/engine';
import { startHugeBodyServer, verifyHugeBody } from '../../fixtures/servers';

const MiB = 1024 * 1024;

describe('streaming engine: large bodies', function () {
  this.timeout(30_000);

  it('streams 200 MB to a spill file in bounded memory, byte for byte', async () => {
    const totalBytes = 200 * MiB;
    const server = await startHugeBodyServer({ totalBytes, contentLength: false });
    let bodyFile: string | undefined;
    try {
      global.gc?.();
      const rssBefore = process.memoryUsage().rss;
      let rssPeak = rssBefore;
      const sampler = setInterval(() => {
        rssPeak = Math.max(rssPeak, process.memoryUsage().rss);
      }, 20);
      const started = performance.now();
      const result = await runRequest({ method: 'GET', url: server.url }, {}, { spillToFile: true });
      const seconds = (performance.now() - started) / 1000;
      clearInterval(sampler);
      bodyFile = result.bodyFile;
      assert.equal(result.outcome, 'complete', result.error);
      assert.equal(result.bytes, totalBytes);
      assert.equal(result.chunks.reduce((n, c) => n + c.bytes, 0), totalBytes);
      assert.ok(bodyFile, 'a temp file was created');
      assert.equal((await stat(bodyFile)).size, totalBytes);
      assert.deepEqual(await verifyHugeBody(bodyFile, totalBytes), { ok: true });
      // Server and client share this process, so the bound is looser than the 64 MB product target.
      const growthMb = (rssPeak - rssBefore) / 1e6;
      assert.ok(growthMb < 150, `RSS grew ${growthMb.toFixed(1)} MB while streaming 200 MB`);
      assert.ok(seconds < 20, `took ${seconds.toFixed(1)} s`);
    } finally {
      if (bodyFile) await rm(bodyFile, { force: true });
      await server.close();
    }
  });
});
