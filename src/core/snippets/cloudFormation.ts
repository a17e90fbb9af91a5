// AWS::ApiGateway::Method with the integration's current settings (YAML).
import { stringify } from 'yaml';
import { integrationHttpMethod, logicalName, type SnippetContext } from './context';

export function cloudFormationSnippet(ctx: SnippetContext): string {
  const s = ctx.settings;
  const integration: Record<string, unknown> = { Type: s.type };
  const verb = integrationHttpMethod(ctx);
  if (verb) integration.IntegrationHttpMethod = verb;
  if (s.uri !== undefined) integration.Uri = s.uri;
  if (s.connectionType) integration.ConnectionType = s.connectionType;
  if (s.connectionId) integration.ConnectionId = s.connectionId;
  integration.ResponseTransferMode = s.responseTransferMode;
  integration.TimeoutInMillis = s.timeoutInMillis;
  const template = {
    Resources: {
      [`${logicalName(ctx)}Method`]: {
        Type: 'AWS::ApiGateway::Method',
        Properties: {
          RestApiId: ctx.apiId,
          ResourceId: ctx.resourceId,
          HttpMethod: ctx.httpMethod,
          AuthorizationType: ctx.authorizationType ?? 'NONE',
          Integration: integration,
        },
      },
    },
  };
  const note = ctx.authorizationType ? '' : ": set AuthorizationType to the method's own value";
  return `# ${ctx.httpMethod} ${ctx.path}${note}\n${stringify(template, { lineWidth: 0 })}`;
}
