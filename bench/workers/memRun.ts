// Child process for the memory scenario: receives one body with the given client and reports the
// process's peak RSS (VmHWM). The parent runs it on the large body and on a 1 KB body; the
// difference is what the large stream costs (start-up and module loading cancel out).
// Usage: node --import tsx bench/workers/memRun.ts engine|engine-spill|undici URL
import { readFileSync } from 'node:fs';
import { viaEngine, viaUndici } from '../lib/clients';

function statusKb(field: 'VmHWM' | 'VmRSS'): number {
  const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync('/proc/self/status', 'utf8'));
  return m ? Number(m[1]) : NaN;
}

async function main(): Promise<void> {
  const [client, url] = process.argv.slice(2);
  if (!client || !url) throw new Error('usage: memRun.ts CLIENT URL');
  const go = client === 'undici' ? () => viaUndici(url)
    : client === 'engine' ? () => viaEngine(url)
      : client === 'engine-spill' ? () => viaEngine(url, { spillToFile: '/dev/null' })
        : undefined;
  if (!go) throw new Error(`unknown client ${client}`);
  const t = await go();
  process.stdout.write(JSON.stringify({ client, bytes: t.bytes, ms: t.ms, peakKb: statusKb('VmHWM'), rssKb: statusKb('VmRSS') }) + '\n');
}

main().then(() => process.exit(0), (err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
