// The OpenAPI path item with x-amazon-apigateway-integration (YAML), as used by ImportRestApi.
import { stringify } from 'yaml';
import { integrationFields, type SnippetContext } from './context';

export function openApiSnippet(ctx: SnippetContext): string {
  const s = ctx.settings;
  const integration: Record<string, unknown> = { ...integrationFields(ctx), type: s.type.toLowerCase() };
  if (s.type === 'AWS_PROXY' || s.type === 'HTTP_PROXY') integration.passthroughBehavior = 'when_no_match';
  // OpenAPI has no ANY verb; API Gateway spells it as its own extension.
  const operationKey = ctx.httpMethod === 'ANY' ? 'x-amazon-apigateway-any-method' : ctx.httpMethod.toLowerCase();
  const doc = { paths: { [ctx.path]: { [operationKey]: { 'x-amazon-apigateway-integration': integration } } } };
  return stringify(doc, { lineWidth: 0 });
}
