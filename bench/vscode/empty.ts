// The baseline extension-tests module: does nothing but report when VS Code got to it.
import * as fs from 'node:fs';

export async function run(): Promise<void> {
  const out = process.env.VH_RESULTS;
  if (out) fs.writeFileSync(out, JSON.stringify({ enteredAtMs: process.uptime() * 1000 }) + '\n');
}
