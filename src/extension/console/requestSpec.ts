// Turns the editor's draft into the engine's RequestSpec with its auth applied. The API key comes
// from SecretStorage through `getApiKey`; nothing secret is kept beyond the one request.
import * as l10n from '@vscode/l10n';
import { applyAuth, AuthError, type AuthConfig } from '../../core/auth';
import type { RequestSpec } from '../../core/stream/engine';
import type { RequestDraft } from '../../shared/protocol';

const BODYLESS = new Set(['GET', 'HEAD']);

export async function draftToSpec(draft: RequestDraft, secrets: { getApiKey(): Promise<string | undefined>; profile?: string }): Promise<RequestSpec> {
  const method = draft.method.trim().toUpperCase();
  const headers: Record<string, string> = {};
  for (const h of draft.headers) if (h.enabled && h.name.trim() !== '') headers[h.name.trim()] = h.value;
  const spec: RequestSpec = { method, url: draft.url.trim(), headers };
  if (draft.body !== '' && !BODYLESS.has(method)) spec.body = draft.body;
  let auth: AuthConfig;
  switch (draft.auth.kind) {
    // Custom headers are the draft's own headers, already on the spec.
    case 'none': case 'custom': auth = { kind: 'none' }; break;
    case 'apiKey': {
      const apiKey = await secrets.getApiKey();
      if (!apiKey) throw new AuthError(l10n.t('no API key stored: choose "Set API key…" in the console (it is kept in VS Code secret storage)'));
      auth = { kind: 'apiKey', apiKey };
      break;
    }
    case 'bearer': auth = { kind: 'bearer', token: draft.auth.bearerToken ?? '' }; break;
    case 'iam': auth = { kind: 'iam', region: draft.auth.region?.trim() || undefined, profile: secrets.profile || undefined }; break;
  }
  return applyAuth(spec, auth);
}
