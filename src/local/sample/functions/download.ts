// Sample function: a large generated body (default 64 MB, ?mb=1..1024), produced as the client reads it.
import { intParam, sampleHandler } from './kit';

export const handler = sampleHandler((event) => {
  const megabytes = intParam(event, 'mb', 64, 1, 1024);
  return {
    statusCode: 200,
    binary: true,
    headers: { 'Content-Type': 'application/octet-stream', 'Content-Disposition': `attachment; filename="sample-${megabytes}MB.bin"` },
    async produce(_e, sink) {
      const total = megabytes * 1024 * 1024;
      const block = Buffer.alloc(64 * 1024);
      for (let i = 0; i < block.length; i++) block[i] = (i * 31 + 7) & 0xff;
      for (let sent = 0; sent < total; sent += block.length) await sink.send(block.subarray(0, Math.min(block.length, total - sent)));
    },
  };
});
