// The CLI's words for the engine's failure codes: the engine's neutral sentence plus the remedy
// that exists on the command line (the extension has its own, src/extension/failureWords.ts).
import * as l10n from '@vscode/l10n';
import type { RunFailure } from '../core/stream/engine';

const REMEDIES: Partial<Record<RunFailure['code'], (f: RunFailure) => string>> = {
  TLS_CERT_UNTRUSTED: (f) => l10n.t("If you trust {0}, rerun with --insecure (accepts this host's certificate only).", f.host ?? ''),
  TLS_HANDSHAKE_FAILED: () => l10n.t('Check the scheme: http:// for a plain port, https:// for a TLS one.'),
  NOT_HTTP: () => l10n.t('Check the scheme: an https port needs an https:// URL.'),
  MAX_TIME: () => l10n.t('Raise --max-time (seconds) if the stream legitimately runs longer.'),
  IDLE_TIMEOUT: () => l10n.t('Raise --idle-timeout (seconds) if the server pauses longer between chunks.'),
  DNS_FAILED: () => l10n.t('Check the host name in the URL.'),
};

/** The message for stderr: the engine's sentence, then the CLI remedy when there is one. */
export function cliFailureText(error: string, failure: RunFailure | undefined): string {
  const remedy = failure ? REMEDIES[failure.code]?.(failure) : undefined;
  return remedy ? `${error}. ${remedy}` : error;
}
