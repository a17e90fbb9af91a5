// Child process for the throughput and memory scenarios: receives one body with the given client
// in a fresh process (no heap history from other scenarios) and prints its bytes, its own transfer
// time and the process's peak RSS (VmHWM). Bundled by esbuild before use (lib/worker.ts), like the
// extension and the CLI, so no TypeScript loader runs beside it.
// Usage: node transfer.js engine|engine-spill|undici|fetch URL
import { readFileSync } from 'node:fs';
import { viaEngine, viaFetch, viaUndici } from '../lib/clients';

function statusKb(field: 'VmHWM' | 'VmRSS'): number {
  const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync('/proc/self/status', 'utf8'));
  return m ? Number(m[1]) : NaN;
}

async function main(): Promise<void> {
  const [client, url] = process.argv.slice(2);
  if (!client || !url) throw new Error('usage: transfer.js CLIENT URL');
  const go = client === 'undici' ? () => viaUndici(url)
    : client === 'fetch' ? () => viaFetch(url)
      : client === 'engine' ? () => viaEngine(url)
        : client === 'engine-spill' ? () => viaEngine(url, { spillToFile: '/dev/null' })
          : undefined;
  if (!go) throw new Error(`unknown client ${client}`);
  const t = await go();
  process.stdout.write(JSON.stringify({ client, bytes: t.bytes, ms: t.ms, ttfbMs: t.ttfbMs, peakKb: statusKb('VmHWM'), rssKb: statusKb('VmRSS') }) + '\n');
}

main().then(() => process.exit(0), (err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
