// The extension's words for the engine's failure codes: the engine's neutral sentence plus the
// remedy that exists in VS Code (the CLI has its own, src/cli/failureWords.ts — e.g. --insecure,
// which the console does not have).
import type { RunFailure } from '../core/stream/engine';

const REMEDIES: Partial<Record<RunFailure['code'], (f: RunFailure) => string>> = {
  TLS_CERT_UNTRUSTED: (f) => `The console only trusts certificates VS Code trusts: add the CA that signed ${f.host}'s certificate to your ` +
    'system store (or NODE_EXTRA_CA_CERTS) and reload the window.',
  TLS_CERT_EXPIRED: (f) => `Renew the certificate of ${f.host}.`,
  TLS_HANDSHAKE_FAILED: () => 'Check the scheme in the URL: http:// for a plain port, https:// for a TLS one.',
  NOT_HTTP: () => 'Check the scheme in the URL: an https port needs an https:// URL.',
  MAX_TIME: () => 'Raise the "streamgate.console.maxTimeSeconds" setting if the stream legitimately runs longer.',
  IDLE_TIMEOUT: () => 'Raise the "streamgate.console.idleTimeoutSeconds" setting if the server pauses longer between chunks.',
  CONNECTION_REFUSED: () => 'For the local gateway, start it with "StreamGate: Start Local Gateway".',
};

/** What the console shows for a failed run: the engine's sentence and the VS Code remedy. */
export function consoleFailureText(result: { error?: string; failure?: RunFailure }): string | undefined {
  if (result.error === undefined) return undefined;
  const remedy = result.failure ? REMEDIES[result.failure.code]?.(result.failure) : undefined;
  return remedy ? `${result.error}. ${remedy}` : result.error;
}
