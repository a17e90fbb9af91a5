// The VS Code host every script here starts: code-server (VS Code in the browser) under Node 24,
// driven by Debian's Chromium. One module for what `npm start` (scripts/start.mjs) and the test
// runners (test/runners/*.mjs) share: the host's set-up, free ports, code-server's flags, waiting
// for it, and the Chromium launch.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/**
 * Installs the host on first use (idempotent; cached in ~/.cache/vscode-host) and returns what
 * scripts/setup-vscode-host.sh prints: { VH_NODE24, VH_CODE_SERVER, VH_CHROMIUM }.
 */
export function setUpVscodeHost() {
  const out = execFileSync('bash', [join(ROOT, 'scripts/setup-vscode-host.sh')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  return parseHostEnv(out);
}

/** The VH_NAME=value lines of setup-vscode-host.sh's output, as an object. */
export function parseHostEnv(text) {
  return Object.fromEntries(text.split('\n').map((l) => /^(VH_\w+)=(.*)$/.exec(l.trim())).filter(Boolean).map((m) => [m[1], m[2]]));
}

/** A port that was free a moment ago on 127.0.0.1 (for servers that cannot take port 0). */
export function freePort() {
  return new Promise((ok, fail) => {
    const s = createServer().listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => ok(port)); });
    s.on('error', fail);
  });
}

/**
 * code-server's command line (after the Node 24 binary): no auth, bound to 127.0.0.1, no
 * telemetry, update checks or workspace-trust prompt, with its own user-data and extensions dirs.
 */
export function codeServerArgs(codeServer, { port, userData, extensionsDir, workspace, extra = [] }) {
  return [codeServer, '--auth', 'none', '--bind-addr', `127.0.0.1:${port}`,
    '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust',
    '--user-data-dir', userData, '--extensions-dir', extensionsDir, ...extra, workspace];
}

/** Resolves once code-server answers /healthz; throws after timeoutMs. */
export async function waitForCodeServer(port, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try { if ((await fetch(`http://127.0.0.1:${port}/healthz`)).ok) return; } catch { /* not up yet */ }
    if (Date.now() > deadline) throw new Error(`code-server did not start within ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Headless Chromium as every runner starts it (no sandbox in containers, no background traffic). */
export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export function launchChromium(chromium, executablePath = '/usr/bin/chromium') {
  return chromium.launch({ executablePath, args: CHROMIUM_ARGS });
}

/**
 * Installs this checkout into an extensions dir as publisher.name-version (a symlink): an
 * extension given only as extensionDevelopmentPath does not load when code-server is opened by hand.
 */
export function linkExtension(extensionsDir) {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
  const link = join(extensionsDir, `${pkg.publisher}.${pkg.name}-${pkg.version}`);
  if (existsSync(link)) rmSync(link, { recursive: true, force: true });
  symlinkSync(ROOT, link);
  return link;
}
