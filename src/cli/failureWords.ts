// The CLI's words for the engine's failure codes: the engine's neutral sentence plus the remedy
// that exists on the command line (the extension has its own, src/extension/failureWords.ts).
import type { RunFailure } from '../core/stream/engine';

const REMEDIES: Partial<Record<RunFailure['code'], (f: RunFailure) => string>> = {
  TLS_CERT_UNTRUSTED: (f) => `If you trust ${f.host}, rerun with --insecure (accepts this host's certificate only).`,
  TLS_HANDSHAKE_FAILED: () => 'Check the scheme: http:// for a plain port, https:// for a TLS one.',
  NOT_HTTP: () => 'Check the scheme: an https port needs an https:// URL.',
  MAX_TIME: () => 'Raise --max-time (seconds) if the stream legitimately runs longer.',
  IDLE_TIMEOUT: () => 'Raise --idle-timeout (seconds) if the server pauses longer between chunks.',
  DNS_FAILED: () => 'Check the host name in the URL.',
};

/** The message for stderr: the engine's sentence, then the CLI remedy when there is one. */
export function cliFailureText(error: string, failure: RunFailure | undefined): string {
  const remedy = failure ? REMEDIES[failure.code]?.(failure) : undefined;
  return remedy ? `${error}. ${remedy}` : error;
}
