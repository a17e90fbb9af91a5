// The OpenAPI path item with x-amazon-apigateway-integration (YAML), as used by ImportRestApi.
import { stringify } from 'yaml';
import { integrationHttpMethod, type SnippetContext } from './context';

export function openApiSnippet(ctx: SnippetContext): string {
  const s = ctx.settings;
  const integration: Record<string, unknown> = { type: s.type.toLowerCase() };
  const verb = integrationHttpMethod(ctx);
  if (verb) integration.httpMethod = verb;
  if (s.uri !== undefined) integration.uri = s.uri;
  if (s.connectionType) integration.connectionType = s.connectionType;
  if (s.connectionId) integration.connectionId = s.connectionId;
  integration.responseTransferMode = s.responseTransferMode;
  integration.timeoutInMillis = s.timeoutInMillis;
  if (s.type === 'AWS_PROXY' || s.type === 'HTTP_PROXY') integration.passthroughBehavior = 'when_no_match';
  // OpenAPI has no ANY verb; API Gateway spells it as its own extension.
  const operationKey = ctx.httpMethod === 'ANY' ? 'x-amazon-apigateway-any-method' : ctx.httpMethod.toLowerCase();
  const doc = { paths: { [ctx.path]: { [operationKey]: { 'x-amazon-apigateway-integration': integration } } } };
  return stringify(doc, { lineWidth: 0 });
}
