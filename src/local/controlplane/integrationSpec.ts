// Building and validating integrations. PutIntegration, ImportRestApi and UpdateIntegration all
// end in `validateIntegration`, so every route to a stored integration obeys the same AWS rules.
import type { IntegrationType, TransferMode } from '../../shared/model';
import { canStream, DEFAULT_TIMEOUT_MS, streamingNotSupportedMessage, validateTimeout } from '../../core/rules/integrationRules';
import { badRequest } from '../http/awsError';
import type { StoredIntegration } from '../state/model';
import { optString, optInteger, optStringMap, optStringList, reqString, type JsonObject } from './input';

const TYPES: readonly IntegrationType[] = ['HTTP', 'HTTP_PROXY', 'AWS', 'AWS_PROXY', 'MOCK'];
const HTTP_METHODS = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'HEAD', 'OPTIONS', 'ANY'];

export function parseIntegrationType(raw: string): IntegrationType {
  const t = raw.toUpperCase();
  if (!(TYPES as readonly string[]).includes(t)) {
    throw badRequest(`Invalid integration type specified: ${raw}. Valid values are ${TYPES.join(', ')}`);
  }
  return t as IntegrationType;
}

export function parseTransferMode(raw: string): TransferMode {
  if (raw !== 'BUFFERED' && raw !== 'STREAM') {
    throw badRequest(`Invalid response transfer mode specified: ${raw}. Valid values are BUFFERED, STREAM`);
  }
  return raw;
}

/** The integration described by a PutIntegration request body. */
export function integrationFromPutBody(body: JsonObject, bufferedQuotaMs: number): StoredIntegration {
  const mode = optString(body, 'responseTransferMode');
  const integration: StoredIntegration = {
    type: parseIntegrationType(reqString(body, 'type')),
    httpMethod: optString(body, 'httpMethod')?.toUpperCase(),
    uri: optString(body, 'uri'),
    connectionType: (optString(body, 'connectionType') as StoredIntegration['connectionType'] | undefined) ?? 'INTERNET',
    connectionId: optString(body, 'connectionId'),
    credentials: optString(body, 'credentials'),
    requestParameters: optStringMap(body, 'requestParameters'),
    requestTemplates: optStringMap(body, 'requestTemplates'),
    passthroughBehavior: optString(body, 'passthroughBehavior') ?? 'WHEN_NO_MATCH',
    contentHandling: optString(body, 'contentHandling'),
    timeoutInMillis: optInteger(body, 'timeoutInMillis') ?? DEFAULT_TIMEOUT_MS,
    cacheNamespace: optString(body, 'cacheNamespace'),
    cacheKeyParameters: optStringList(body, 'cacheKeyParameters') ?? [],
    responseTransferMode: mode === undefined ? 'BUFFERED' : parseTransferMode(mode),
    integrationTarget: optString(body, 'integrationTarget'),
  };
  validateIntegration(integration, bufferedQuotaMs);
  return integration;
}

/** AWS's checks on a whole integration. Throws BadRequestException with AWS-style wording. */
export function validateIntegration(i: StoredIntegration, bufferedQuotaMs: number): void {
  if (i.connectionType !== 'INTERNET' && i.connectionType !== 'VPC_LINK') {
    throw badRequest(`Invalid connection type specified: ${String(i.connectionType)}. Valid values are INTERNET, VPC_LINK`);
  }
  if (i.type !== 'MOCK') {
    if (!i.httpMethod) throw badRequest('Enumeration value for HttpMethod must be non-empty');
    if (!HTTP_METHODS.includes(i.httpMethod)) throw badRequest(`Invalid HttpMethod specified: ${i.httpMethod}`);
    if (!i.uri) throw badRequest(`Invalid integration URI specified: a URI is required for ${i.type} integrations`);
  }
  if (i.type === 'HTTP' || i.type === 'HTTP_PROXY') {
    if (!isHttpUrl(i.uri!)) throw badRequest('Invalid HTTP endpoint specified for URI');
  }
  if (i.type === 'AWS' || i.type === 'AWS_PROXY') {
    if (!/^arn:aws[\w-]*:apigateway:[\w-]+:[\w-]+:(path|action)\/.+/.test(i.uri!)) {
      throw badRequest('AWS ARN for integration must contain path or action');
    }
  }
  if (i.responseTransferMode === 'STREAM' && !canStream(i.type)) {
    throw badRequest(streamingNotSupportedMessage(i.type));
  }
  const timeoutError = validateTimeout(i.responseTransferMode, i.timeoutInMillis, bufferedQuotaMs);
  if (timeoutError) throw badRequest(timeoutError);
}

function isHttpUrl(uri: string): boolean {
  try {
    const u = new URL(uri.replace(/\{[^}]+\}/g, 'x'));
    return u.protocol === 'http:' || u.protocol === 'https:';
  } catch {
    return false;
  }
}
