// The extension's words for the engine's failure codes: the engine's neutral sentence plus the
// remedy that exists in VS Code (the CLI has its own, src/cli/failureWords.ts — e.g. --insecure,
// which the console does not have). @vscode/l10n, not vscode: the run lifecycle that uses this is
// unit-tested outside VS Code; activation gives @vscode/l10n the bundle VS Code picked.
import * as l10n from '@vscode/l10n';
import type { RunFailure } from '../core/stream/engine';

const REMEDIES: Partial<Record<RunFailure['code'], (f: RunFailure) => string>> = {
  TLS_CERT_UNTRUSTED: (f) => l10n.t("The console only trusts certificates VS Code trusts: add the CA that signed {0}'s certificate to your system store (or NODE_EXTRA_CA_CERTS) and reload the window.", f.host ?? ''),
  TLS_CERT_EXPIRED: (f) => l10n.t('Renew the certificate of {0}.', f.host ?? ''),
  TLS_HANDSHAKE_FAILED: () => l10n.t('Check the scheme in the URL: http:// for a plain port, https:// for a TLS one.'),
  NOT_HTTP: () => l10n.t('Check the scheme in the URL: an https port needs an https:// URL.'),
  MAX_TIME: () => l10n.t('Raise the "streamgate.console.maxTimeSeconds" setting if the stream legitimately runs longer.'),
  IDLE_TIMEOUT: () => l10n.t('Raise the "streamgate.console.idleTimeoutSeconds" setting if the server pauses longer between chunks.'),
  CONNECTION_REFUSED: () => l10n.t('For the local gateway, start it with "StreamGate: Start Local Gateway".'),
};

/** What the console shows for a failed run: the engine's sentence and the VS Code remedy. */
export function consoleFailureText(result: { error?: string; failure?: RunFailure }): string | undefined {
  if (result.error === undefined) return undefined;
  const remedy = result.failure ? REMEDIES[result.failure.code]?.(result.failure) : undefined;
  return remedy ? `${result.error}. ${remedy}` : result.error;
}
