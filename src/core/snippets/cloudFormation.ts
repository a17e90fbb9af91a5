// AWS::ApiGateway::Method with the integration's current settings (YAML).
import { stringify } from 'yaml';
import { integrationFields, logicalName, type SnippetContext } from './context';

export function cloudFormationSnippet(ctx: SnippetContext): string {
  // Same fields as OpenAPI in PascalCase, except CloudFormation's IntegrationHttpMethod.
  const integration = Object.fromEntries(Object.entries(integrationFields(ctx)).map(([k, v]) =>
    [k === 'httpMethod' ? 'IntegrationHttpMethod' : k[0]!.toUpperCase() + k.slice(1), v]));
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
