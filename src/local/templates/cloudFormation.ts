// Plain CloudFormation (and what cdk.out synthesizes): AWS::ApiGateway::RestApi (Body,
// BodyS3Location as a local file, BinaryMediaTypes, MinimumCompressionSize, EndpointConfiguration),
// Resource, Method with Integration, Deployment and Stage; AWS::Lambda::Function with local code.
// Each REST API becomes one OpenAPI document, imported in one call, as CloudFormation would
// build it: Body first, then the Resource/Method resources on top.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { FunctionSpec } from '../functions/types';
import { originsInDefinition, paths, setApiExtensions, skeleton, titleOf, verbKey, type Definition } from './definition';
import { functionSpec } from './functions';
import { NO_VALUE } from './intrinsics';
import type { SkippedResources } from './skipped';
import { asMap, rootResourceMarker, type Stack, type TemplateResource } from './stack';
import { parseTemplateText } from './yamlTags';
import { TemplateError, type ApiPlan, type MethodOrigin, type StagePlan, type TemplateOptions } from './types';

export interface TranslateContext {
  stack: Stack;
  /** Folder that local paths (Code, BodyS3Location, asset paths) are relative to. */
  baseDir: string;
  opts: TemplateOptions;
  skipped: SkippedResources;
  /** cdk: methods are marked as generated (the CDK code is what to change). */
  generated: boolean;
  /** Logical ids another translator (SAM) already handled. */
  handled: Set<string>;
}

export interface Translation {
  apis: ApiPlan[];
  functions: FunctionSpec[];
  watchFiles: string[];
}

const CONSUMED = new Set(['AWS::ApiGateway::RestApi', 'AWS::ApiGateway::Resource', 'AWS::ApiGateway::Method', 'AWS::ApiGateway::Deployment',
  'AWS::ApiGateway::Stage', 'AWS::Lambda::Function', 'AWS::Lambda::LayerVersion']);

export function translateCloudFormation(ctx: TranslateContext): Translation {
  const { stack } = ctx;
  const out: Translation = { apis: [], functions: [], watchFiles: [] };
  for (const r of stack.resources) {
    if (ctx.handled.has(r.logicalId)) continue;
    if (!CONSUMED.has(r.type)) { ctx.skipped.add(r.logicalId, r.type); continue; }
    if (r.type === 'AWS::Lambda::Function') out.functions.push(functionSpec(r, { stack, baseDir: ctx.baseDir, envVars: ctx.opts.envVars }));
  }
  for (const api of stack.resources.filter((r) => r.type === 'AWS::ApiGateway::RestApi' && !ctx.handled.has(r.logicalId))) {
    out.apis.push(restApiPlan(api, ctx, out.watchFiles));
  }
  return out;
}

function restApiPlan(api: TemplateResource, ctx: TranslateContext, watchFiles: string[]): ApiPlan {
  const { stack } = ctx;
  const res = stack.resolver;
  const p = api.properties;
  const where = (property: string) => stack.where(api.logicalId, property);
  const origins: MethodOrigin[] = [];
  let definition: Definition;
  if (p.Body !== undefined) {
    definition = asMap(res.resolve(p.Body, where('Body')));
    origins.push(...originsInDefinition(definition, stack.file, ['Resources', api.logicalId, 'Properties', 'Body'], api.logicalId));
  } else if (p.BodyS3Location !== undefined) {
    const file = localBodyFile(res.resolve(p.BodyS3Location, where('BodyS3Location')), ctx, api);
    watchFiles.push(file);
    definition = parseTemplateText(fs.readFileSync(file, 'utf8'), file);
    origins.push(...originsInDefinition(definition, file, [], `${api.logicalId} (BodyS3Location)`));
  } else {
    definition = skeleton(api.logicalId, '3.0.1');
  }
  const name = res.optionalString(p.Name, where('Name')) ?? titleOf(definition) ?? api.logicalId;
  setApiExtensions(definition, {
    title: name,
    binaryMediaTypes: p.BinaryMediaTypes === undefined ? undefined : (res.resolve(p.BinaryMediaTypes, where('BinaryMediaTypes')) as unknown[]).map(String),
    minimumCompressionSize: p.MinimumCompressionSize === undefined ? undefined : Number(res.resolve(p.MinimumCompressionSize, where('MinimumCompressionSize'))),
  });
  addMethods(api, definition, ctx, origins);
  const types = asMap(res.resolve(p.EndpointConfiguration ?? {}, where('EndpointConfiguration'))).Types;
  return {
    logicalId: api.logicalId,
    name,
    definition,
    endpointType: Array.isArray(types) && types.length ? String(types[0]) : undefined,
    stages: stagesOf(api.logicalId, ctx),
    origins,
  };
}

function localBodyFile(location: unknown, ctx: TranslateContext, api: TemplateResource): string {
  if (typeof location !== 'string' || /^s3:\/\//.test(location)) {
    throw new TemplateError(`${ctx.stack.file}: ${api.logicalId}, property BodyS3Location: points at S3; locally it must be a path to an OpenAPI file (BodyS3Location: ./openapi.yaml, as \`aws cloudformation package\` accepts)`);
  }
  const file = path.resolve(ctx.baseDir, location);
  if (!fs.existsSync(file)) throw new TemplateError(`${ctx.stack.file}: ${api.logicalId}, property BodyS3Location: ${file} does not exist`);
  return file;
}

/** The full path of an AWS::ApiGateway::Resource, following ParentId up to the API's root. */
function resourcePath(id: string, apiId: string, ctx: TranslateContext, seen = new Set<string>()): string {
  const { stack } = ctx;
  if (id === rootResourceMarker(apiId)) return '/';
  const r = stack.resource(id);
  if (!r || r.type !== 'AWS::ApiGateway::Resource') throw new TemplateError(`${stack.file}: resource id "${id}" is neither ${apiId}'s root resource nor an AWS::ApiGateway::Resource of this template`);
  if (seen.has(id)) throw new TemplateError(`${stack.file}: ${id}, property ParentId: resources form a cycle`);
  seen.add(id);
  const parent = resourcePath(stack.resolver.string(r.properties.ParentId, stack.where(id, 'ParentId')), apiId, ctx, seen);
  const part = stack.resolver.string(r.properties.PathPart, stack.where(id, 'PathPart'));
  return parent === '/' ? `/${part}` : `${parent}/${part}`;
}

function belongsTo(r: TemplateResource, apiId: string, ctx: TranslateContext): boolean {
  return ctx.stack.resolver.string(r.properties.RestApiId, ctx.stack.where(r.logicalId, 'RestApiId')) === apiId;
}

function addMethods(api: TemplateResource, definition: Definition, ctx: TranslateContext, origins: MethodOrigin[]): void {
  const { stack } = ctx;
  const res = stack.resolver;
  for (const m of stack.resources.filter((r) => r.type === 'AWS::ApiGateway::Method' && belongsTo(r, api.logicalId, ctx))) {
    const where = (property: string) => stack.where(m.logicalId, property);
    const p = m.properties;
    const resourceId = res.string(p.ResourceId ?? rootResourceMarker(api.logicalId), where('ResourceId'));
    const route = resourcePath(resourceId, api.logicalId, ctx);
    const verb = res.string(p.HttpMethod, where('HttpMethod')).toUpperCase();
    const operation: Record<string, unknown> = { responses: {} };
    const auth = res.optionalString(p.AuthorizationType, where('AuthorizationType'));
    const security: Array<Record<string, unknown>> = [];
    if (auth === 'AWS_IAM') security.push({ sigv4: [] });
    if (res.resolve(p.ApiKeyRequired, where('ApiKeyRequired')) === true) security.push({ api_key: [] });
    if (security.length) operation.security = security;
    const opName = res.optionalString(p.OperationName, where('OperationName'));
    if (opName) operation.operationId = opName;
    if (p.Integration !== undefined) operation['x-amazon-apigateway-integration'] = integrationExtension(asMap(res.resolve(p.Integration, where('Integration'))));
    const item = (paths(definition)[route] ??= {});
    item[verbKey(verb)] = operation;
    origins.push({
      path: route, httpMethod: verb, kind: ctx.generated ? 'cdk' : 'cfn-method', file: stack.file,
      location: ['Resources', m.logicalId, 'Properties', 'Integration'], declaredBy: m.logicalId,
      cdkPath: typeof m.metadata['aws:cdk:path'] === 'string' ? m.metadata['aws:cdk:path'] : undefined,
    });
  }
}

const INTEGRATION_FIELDS: Record<string, string> = {
  Type: 'type', IntegrationHttpMethod: 'httpMethod', Uri: 'uri', ResponseTransferMode: 'responseTransferMode', TimeoutInMillis: 'timeoutInMillis',
  ConnectionType: 'connectionType', ConnectionId: 'connectionId', Credentials: 'credentials', RequestParameters: 'requestParameters',
  RequestTemplates: 'requestTemplates', PassthroughBehavior: 'passthroughBehavior', ContentHandling: 'contentHandling',
  CacheKeyParameters: 'cacheKeyParameters', CacheNamespace: 'cacheNamespace',
};

/** CloudFormation's Integration property as OpenAPI's x-amazon-apigateway-integration. */
function integrationExtension(i: Record<string, unknown>): Record<string, unknown> {
  const x: Record<string, unknown> = {};
  for (const [cfn, oas] of Object.entries(INTEGRATION_FIELDS)) if (i[cfn] !== undefined && i[cfn] !== NO_VALUE) x[oas] = i[cfn];
  if (typeof x.timeoutInMillis === 'string') x.timeoutInMillis = Number(x.timeoutInMillis);
  if (Array.isArray(i.IntegrationResponses)) {
    const responses: Record<string, unknown> = {};
    for (const raw of i.IntegrationResponses) {
      const r = asMap(raw);
      responses[typeof r.SelectionPattern === 'string' && r.SelectionPattern ? r.SelectionPattern : 'default'] = {
        statusCode: String(r.StatusCode ?? '200'), responseParameters: r.ResponseParameters, responseTemplates: r.ResponseTemplates, contentHandling: r.ContentHandling,
      };
    }
    x.responses = responses;
  }
  return x;
}

function stagesOf(apiId: string, ctx: TranslateContext): StagePlan[] {
  const { stack } = ctx;
  const res = stack.resolver;
  const stages: StagePlan[] = [];
  const add = (s: StagePlan) => { if (!stages.some((x) => x.stageName === s.stageName)) stages.push(s); };
  for (const d of stack.resources.filter((r) => r.type === 'AWS::ApiGateway::Deployment' && belongsTo(r, apiId, ctx))) {
    const stageName = res.optionalString(d.properties.StageName, stack.where(d.logicalId, 'StageName'));
    const desc = asMap(res.resolve(d.properties.StageDescription ?? {}, stack.where(d.logicalId, 'StageDescription')));
    if (stageName) add(stagePlan(stageName, desc));
  }
  for (const s of stack.resources.filter((r) => r.type === 'AWS::ApiGateway::Stage' && belongsTo(r, apiId, ctx))) {
    add(stagePlan(res.string(s.properties.StageName, stack.where(s.logicalId, 'StageName')), asMap(res.resolve(s.properties, stack.where(s.logicalId, 'Properties')))));
  }
  return stages;
}

/** Stage settings from CloudFormation (Stage properties or a Deployment's StageDescription) or SAM. */
export function stagePlan(stageName: string, p: Record<string, unknown>): StagePlan {
  const variables = p.Variables && typeof p.Variables === 'object' ? Object.fromEntries(Object.entries(p.Variables).map(([k, v]) => [k, String(v)])) : undefined;
  return {
    stageName,
    description: typeof p.Description === 'string' ? p.Description : undefined,
    variables,
    cacheClusterEnabled: p.CacheClusterEnabled === undefined ? undefined : p.CacheClusterEnabled === true || p.CacheClusterEnabled === 'true',
    tracingEnabled: p.TracingEnabled === undefined ? undefined : p.TracingEnabled === true || p.TracingEnabled === 'true',
  };
}
