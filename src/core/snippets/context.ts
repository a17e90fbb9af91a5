// What every snippet generator needs: which integration, and its current settings.
import type { IntegrationSettings } from '../../shared/model';

export interface SnippetContext {
  apiId: string;
  resourceId: string;
  /** The method's HTTP verb (GET, POST, ANY, …). */
  httpMethod: string;
  /** The resource path, e.g. /items/{id}. */
  path: string;
  region?: string;
  /** Stage to deploy to after the change (adds a create-deployment step where it applies). */
  stageName?: string;
  /** The method's authorization type (NONE, AWS_IAM, CUSTOM, COGNITO_USER_POOLS), when known. */
  authorizationType?: string;
  settings: IntegrationSettings;
}

/** A PascalCase identifier from the method and path, for CloudFormation/CDK/Terraform names. */
export function logicalName(ctx: SnippetContext): string {
  const words = `${ctx.httpMethod} ${ctx.path}`.split(/[^A-Za-z0-9]+/).filter(Boolean);
  const name = words.map((w) => w[0]!.toUpperCase() + w.slice(1).toLowerCase()).join('');
  return name || 'Root';
}

/** Lambda AWS_PROXY integrations are always invoked with POST, whatever the method's verb. */
export function integrationHttpMethod(ctx: SnippetContext): string | undefined {
  if (ctx.settings.httpMethod) return ctx.settings.httpMethod;
  return ctx.settings.type === 'AWS_PROXY' || ctx.settings.type === 'AWS' ? 'POST' : undefined;
}

/**
 * The integration's fields in the order IaC formats list them, with OpenAPI's camelCase names
 * (CloudFormation uses the same fields in PascalCase). Absent values are left out.
 */
export function integrationFields(ctx: SnippetContext): Record<string, string | number> {
  const s = ctx.settings;
  const fields: Record<string, string | number> = { type: s.type };
  const verb = integrationHttpMethod(ctx);
  if (verb) fields.httpMethod = verb;
  if (s.uri !== undefined) fields.uri = s.uri;
  if (s.connectionType) fields.connectionType = s.connectionType;
  if (s.connectionId) fields.connectionId = s.connectionId;
  if (s.integrationTarget) fields.integrationTarget = s.integrationTarget;
  fields.responseTransferMode = s.responseTransferMode;
  fields.timeoutInMillis = s.timeoutInMillis;
  return fields;
}
