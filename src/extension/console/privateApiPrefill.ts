// Opening a PRIVATE API's method in the console. A private API has no public invoke URL: calls
// come through an interface VPC endpoint for execute-api. Against the local gateway the console
// sends the form that works there — /{stage}/{path} with the `x-apigw-api-id` header, as through
// a VPC endpoint — and says what an AWS user needs instead.
import * as l10n from '@vscode/l10n';
import type * as vscode from 'vscode';
import type { ConsoleOpenOptions } from '../../shared/protocol';

export const API_ID_HEADER = 'x-apigw-api-id';

export interface PrivateApiTarget {
  apiId: string;
  region: string;
  path: string;
  stages: readonly string[];
  kind: 'aws' | 'local';
  /** The connection's invoke URL builder (local: .../restapis/{id}/{stage}/_user_request_/...). */
  invokeUrl(apiId: string, stage: string, path: string): string;
}

export interface PrivatePrefill {
  prefill: ConsoleOpenOptions;
  /** What the user is told: how the console reaches the API, and what AWS needs. */
  explanation: string;
  /** The same request as curl with a Host (for scripts and terminals). */
  curl: string;
}

function headerFormUrl(t: PrivateApiTarget, stage: string): string {
  if (t.kind === 'local') return `${new URL(t.invokeUrl(t.apiId, stage, t.path)).origin}/${encodeURIComponent(stage)}${t.path}`;
  // Private DNS name: resolves (to the VPC endpoint) only inside the VPC.
  return `https://${t.apiId}.execute-api.${t.region}.amazonaws.com/${encodeURIComponent(stage)}${t.path}`;
}

export function privateApiPrefill(base: ConsoleOpenOptions, t: PrivateApiTarget): PrivatePrefill {
  const stage = t.stages[0] ?? 'STAGE';
  const url = headerFormUrl(t, stage);
  const prefill: ConsoleOpenOptions = {
    ...base,
    url,
    headers: { ...base.headers, [API_ID_HEADER]: t.apiId },
    invokeTargets: t.stages.map((s) => ({ label: l10n.t('{0} — private, {1}', s, `${API_ID_HEADER}: ${t.apiId}`), url: headerFormUrl(t, s) })),
  };
  const host = `${t.apiId}.execute-api.${t.region}.amazonaws.com`;
  let curl: string;
  let how: string;
  if (t.kind === 'local') {
    const u = new URL(url);
    const port = u.port || (u.protocol === 'https:' ? '443' : '80');
    curl = `curl --resolve ${host}:${port}:127.0.0.1 ${u.protocol}//${host}:${port}${u.pathname}`;
    how = l10n.t('This is a PRIVATE API. The console calls the local gateway as a VPC endpoint would be called: {0} with the header {1} ' +
      '(a Host of {2} or {3} works too, e.g. {4}). The local gateway evaluates the resource policy as if the call came through its local VPC endpoint (--vpce-id).',
    url, `${API_ID_HEADER}: ${t.apiId}`, host, `${t.apiId}-VPCE_ID.execute-api.${t.region}.vpce.amazonaws.com`, curl);
  } else {
    curl = `curl -H '${API_ID_HEADER}: ${t.apiId}' https://VPCE_DNS_NAME/${stage}${t.path}`;
    how = l10n.t("This is a PRIVATE API: it answers only through an interface VPC endpoint for execute-api. From inside the VPC with private DNS, {0} works; " +
      "otherwise call the endpoint's DNS name with the header {1} ({2}), or {3} once the API is associated with the endpoint. " +
      "The API's resource policy must allow that endpoint (aws:SourceVpce) or VPC (aws:SourceVpc).",
    url, `${API_ID_HEADER}: ${t.apiId}`, curl, `${t.apiId}-VPCE_ID.execute-api.${t.region}.vpce.amazonaws.com`);
  }
  return { prefill, explanation: how, curl };
}

/** Shows the explanation without blocking the console (a modal would hide it). */
export function explainPrivateApi(p: PrivatePrefill, ui: { window: Pick<typeof vscode.window, 'showInformationMessage'>; env: Pick<typeof vscode.env, 'clipboard'> }): void {
  void ui.window.showInformationMessage(p.explanation, l10n.t('Copy curl Command')).then((choice) => {
    if (choice) void ui.env.clipboard.writeText(p.curl);
  });
}
