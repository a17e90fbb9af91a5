// What a template (SAM, CloudFormation, cdk.out, OpenAPI) turns into: the REST APIs to import
// into the local gateway, the Lambda functions to hand to the function runner, and where each
// method's settings live in the developer's files (for write-back from VS Code).
import type { FunctionSpec } from '../functions/types';

export type TemplateKind = 'sam' | 'cloudformation' | 'cdk' | 'openapi';

/** Where a method's transfer mode and timeout are written in the developer's files. */
export interface MethodOrigin {
  /** Resource path and verb as the REST API has them ("/chat", "GET" or "ANY"). */
  path: string;
  httpMethod: string;
  /**
   * sam-event: an Api event's Properties (ResponseTransferMode BUFFERED | RESPONSE_STREAM, TimeoutInMillis);
   * cfn-method: an AWS::ApiGateway::Method's Integration (ResponseTransferMode STREAM | BUFFERED, TimeoutInMillis, Uri);
   * openapi: an x-amazon-apigateway-integration object (responseTransferMode, timeoutInMillis, uri);
   * cdk: generated (cdk.out) — the CDK code is what to change.
   */
  kind: 'sam-event' | 'cfn-method' | 'openapi' | 'cdk';
  /** Absolute path of the file that holds the setting. */
  file: string;
  /** Keys from the document root to the object holding the fields. */
  location: Array<string | number>;
  /** The resource that declares it, for messages: "ChatFunction (event Chat)". */
  declaredBy: string;
  /** cdk: the construct path from aws:cdk:path metadata. */
  cdkPath?: string;
}

export interface StagePlan {
  stageName: string;
  description?: string;
  variables?: Record<string, string>;
  cacheClusterEnabled?: boolean;
  tracingEnabled?: boolean;
}

export interface ApiPlan {
  /** The template's logical id ("ServerlessRestApi" for SAM's implicit API). */
  logicalId: string;
  name: string;
  /** An OpenAPI 3 / Swagger 2 document with x-amazon-apigateway-integration, every intrinsic resolved. */
  definition: Record<string, unknown>;
  /** ImportRestApi parameters (endpointConfigurationTypes). */
  endpointType?: string;
  stages: StagePlan[];
  origins: MethodOrigin[];
}

export interface TemplatePlan {
  kind: TemplateKind;
  /** The template file (or cdk.out folder) given. */
  source: string;
  stackName: string;
  region: string;
  apis: ApiPlan[];
  functions: FunctionSpec[];
  /** Every file whose change should re-import the API (template, DefinitionUri, BodyS3Location…). */
  watchFiles: string[];
  /** At most one line per template: what was skipped and why. */
  warnings: string[];
}

export interface TemplateOptions {
  parameterOverrides?: Record<string, string>;
  /** SAM CLI's env.json: { "FunctionLogicalIdOrName": { VAR: value }, "Parameters": { VAR: value } }. */
  envVars?: Record<string, Record<string, string>>;
  region?: string;
  accountId?: string;
  stackName?: string;
  /** Stage for a plain OpenAPI file (it names none). Default "dev". */
  openApiStage?: string;
}

/** A template problem the developer must fix: says which file, resource and property. */
export class TemplateError extends Error {}

export const DEFAULT_REGION = 'us-east-1';
export const DEFAULT_ACCOUNT_ID = '123456789012';
