// Terraform (hashicorp/aws provider): aws_api_gateway_integration with the current settings.
import { integrationHttpMethod, logicalName, type SnippetContext } from './context';

function hcl(value: string): string {
  // HCL strings use JSON escapes, plus ${ and %{ would start template interpolation.
  return JSON.stringify(value).replace(/\$\{/g, () => '$${').replace(/%\{/g, () => '%%{');
}

export function terraformSnippet(ctx: SnippetContext): string {
  const s = ctx.settings;
  const name = logicalName(ctx).replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();
  const attrs: Array<[string, string]> = [
    ['rest_api_id', hcl(ctx.apiId)],
    ['resource_id', hcl(ctx.resourceId)],
    ['http_method', hcl(ctx.httpMethod)],
    ['type', hcl(s.type)],
  ];
  const verb = integrationHttpMethod(ctx);
  if (verb) attrs.push(['integration_http_method', hcl(verb)]);
  if (s.uri !== undefined) attrs.push(['uri', hcl(s.uri)]);
  if (s.connectionType) attrs.push(['connection_type', hcl(s.connectionType)]);
  if (s.connectionId) attrs.push(['connection_id', hcl(s.connectionId)]);
  if (s.integrationTarget) attrs.push(['integration_target', hcl(s.integrationTarget)]);
  attrs.push(['response_transfer_mode', hcl(s.responseTransferMode)]);
  attrs.push(['timeout_milliseconds', String(s.timeoutInMillis)]);
  const width = Math.max(...attrs.map(([k]) => k.length));
  const body = attrs.map(([k, v]) => `  ${k.padEnd(width)} = ${v}`).join('\n');
  return `resource "aws_api_gateway_integration" ${hcl(name)} {\n${body}\n}\n`;
}
