// `streamgate probe --help`, apart from the command so the dispatcher can print it without loading it.
// The synopsis is notation (the same in every language); the sentences are worded by l10n.t.
import * as l10n from '@vscode/l10n';

export function probeUsage(): string {
  return `${l10n.t('usage: {0}', 'streamgate probe <url> [--method M] [--header "K: V"]... [--data STR|@file] [--sse|--ndjson]')}\n` +
  '         [--max-time S] [--idle-timeout S] [--out FILE] [--json] [--fail] [--insecure] [--iam [--region R] [--profile P]]\n' +
  '         [--trace [--log-group NAME] [--region R] [--profile P] [--logs-endpoint URL]]\n' +
  `       streamgate probe --http-file FILE [--name NAME|N] [--env ENV] [${l10n.t('same output options')}]\n` +
  `  ${l10n.t('Sends one request and reports every chunk as it arrives: live lines, or one JSON object with --json.')}\n` +
  `  ${l10n.t('http://user:pass@host/ sends Basic auth (as curl does). --fail exits 22 on HTTP >= 400.')}\n` +
  `  ${l10n.t('--trace adds where the stream got buffered (function, gateway, between, none) from the gateway\'s trace or access log.')}\n` +
  `  ${l10n.t('--http-file sends a request of a .http file (REST Client / httpYac syntax; environments from .vscode/settings.json).')}`;
}
