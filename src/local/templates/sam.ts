// SAM (Transform: AWS::Serverless-2016-10-31), translated as the SAM translator does
// (samtranslator: api_generator, implicit_rest_api_plugin, eventsources/push.py Api, swagger.py):
// - Globals.Function / Globals.Api merge into each resource (maps merge, lists concatenate,
//   the resource's own scalars win);
// - an Api event without RestApiId goes to the implicit ServerlessRestApi (stage "Prod");
// - an event adds its path to an API only when SAM manages that API's definition (no
//   DefinitionBody / DefinitionUri, or MergeDefinitions), as an aws_proxy integration with
//   httpMethod POST and the function's invocation URI — the 2021-11-15
//   …/response-streaming-invocations URI plus responseTransferMode STREAM when the event says
//   ResponseTransferMode: RESPONSE_STREAM (SAM PR #3881), and timeoutInMillis from TimeoutInMillis;
// - without OpenApiVersion SAM's Deployment also creates the extra stage "Stage".
// Whatever else the template holds (plain CloudFormation) goes through the CloudFormation translator.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { lambdaIntegrationUri } from '../../core/rules/integrationRules';
import { stagePlan, translateCloudFormation, type TranslateContext, type Translation } from './cloudFormation';
import { originsInDefinition, paths, setApiExtensions, skeleton, titleOf, verbKey, type Definition } from './definition';
import { functionSpec } from './functions';
import { isIntrinsic } from './intrinsics';
import { asMap, type TemplateResource } from './stack';
import { parseTemplateText } from './yamlTags';
import { TemplateError, type ApiPlan, type MethodOrigin } from './types';

export const IMPLICIT_API_ID = 'ServerlessRestApi';
const SAM_MODES = ['BUFFERED', 'RESPONSE_STREAM'];

interface SamApi {
  logicalId: string;
  props: Record<string, unknown>;
  /** SAM adds events' paths to the definition (implicit API, or no DefinitionBody/DefinitionUri, or MergeDefinitions). */
  managed: boolean;
  definition: Definition;
  origins: MethodOrigin[];
  definitionFile?: string;
}

export function translateSam(ctx: TranslateContext): Translation {
  const { stack } = ctx;
  const globals = asMap(stack.template.Globals);
  const out: Translation = { apis: [], functions: [], watchFiles: [] };
  const apis = new Map<string, SamApi>();
  for (const r of stack.resources.filter((x) => x.type === 'AWS::Serverless::Api')) {
    ctx.handled.add(r.logicalId);
    apis.set(r.logicalId, explicitApi(r.logicalId, mergeGlobals(asMap(globals.Api), r.properties), ctx));
  }
  for (const r of stack.resources) {
    if (r.type === 'AWS::Serverless::LayerVersion') ctx.handled.add(r.logicalId);
    if (r.type === 'AWS::Serverless::HttpApi') { ctx.handled.add(r.logicalId); ctx.skipped.add(r.logicalId, r.type); }
    if (r.type !== 'AWS::Serverless::Function') continue;
    ctx.handled.add(r.logicalId);
    const fn: TemplateResource = { ...r, properties: mergeGlobals(asMap(globals.Function), r.properties) };
    out.functions.push(functionSpec(fn, { stack, baseDir: ctx.baseDir, envVars: ctx.opts.envVars }));
    for (const [eventName, rawEvent] of Object.entries(asMap(r.properties.Events))) {
      const event = asMap(rawEvent);
      if (event.Type !== 'Api') { ctx.skipped.add(`${r.logicalId}.${eventName}`, `${String(event.Type)} event`); continue; }
      addApiEvent(fn, eventName, asMap(event.Properties), apis, globals, ctx);
    }
  }
  for (const api of apis.values()) {
    out.apis.push(apiPlan(api, ctx));
    if (api.definitionFile) out.watchFiles.push(api.definitionFile);
  }
  const rest = translateCloudFormation(ctx);
  return { apis: [...out.apis, ...rest.apis], functions: [...out.functions, ...rest.functions], watchFiles: [...out.watchFiles, ...rest.watchFiles] };
}

function explicitApi(logicalId: string, props: Record<string, unknown>, ctx: TranslateContext): SamApi {
  const { stack } = ctx;
  const res = stack.resolver;
  if (props.DefinitionBody !== undefined && props.DefinitionUri !== undefined) {
    throw new TemplateError(`${stack.file}: ${logicalId}: specify either DefinitionUri or DefinitionBody, not both (as SAM requires)`);
  }
  const merge = props.MergeDefinitions === true;
  const base = (definition: Definition, origins: MethodOrigin[], definitionFile?: string): SamApi => ({
    logicalId, props, managed: merge || (props.DefinitionBody === undefined && props.DefinitionUri === undefined), definition, origins, definitionFile,
  });
  if (props.DefinitionBody !== undefined) {
    const definition = asMap(res.resolve(props.DefinitionBody, stack.where(logicalId, 'DefinitionBody')));
    return base(definition, originsInDefinition(definition, stack.file, ['Resources', logicalId, 'Properties', 'DefinitionBody'], logicalId));
  }
  if (props.DefinitionUri !== undefined) {
    const uri = res.resolve(props.DefinitionUri, stack.where(logicalId, 'DefinitionUri'));
    if (typeof uri !== 'string' || uri.startsWith('s3://')) {
      throw new TemplateError(`${stack.file}: ${logicalId}, property DefinitionUri: points at S3; locally it must be a path to an OpenAPI file (DefinitionUri: ./openapi.yaml)`);
    }
    const file = path.resolve(ctx.baseDir, uri);
    if (!fs.existsSync(file)) throw new TemplateError(`${stack.file}: ${logicalId}, property DefinitionUri: ${file} does not exist`);
    const definition = parseTemplateText(fs.readFileSync(file, 'utf8'), file);
    return base(definition, originsInDefinition(definition, file, [], `${logicalId} (DefinitionUri)`), file);
  }
  const version = res.optionalString(props.OpenApiVersion, stack.where(logicalId, 'OpenApiVersion'));
  return base(skeleton(stack.stackName, version), []);
}

function addApiEvent(fn: TemplateResource, eventName: string, p: Record<string, unknown>, apis: Map<string, SamApi>, globals: Record<string, unknown>, ctx: TranslateContext): void {
  const { stack } = ctx;
  const res = stack.resolver;
  const declaredBy = `${fn.logicalId} (event ${eventName})`;
  const where = (property: string) => stack.where(`${fn.logicalId}.Events.${eventName}`, property);
  let apiId = IMPLICIT_API_ID;
  if (p.RestApiId !== undefined) {
    const raw = p.RestApiId;
    apiId = isIntrinsic(raw) && 'Ref' in raw ? String(raw.Ref) : res.string(raw, where('RestApiId'));
    if (!apis.has(apiId)) throw new TemplateError(`${stack.file}: ${fn.logicalId}.Events.${eventName}, property RestApiId: must reference an AWS::Serverless::Api of this template (got "${apiId}")`);
  } else if (!apis.has(IMPLICIT_API_ID)) {
    // SAM's implicit API: StageName Prod; Globals.Api applies to it too.
    const props = mergeGlobals(asMap(globals.Api), { StageName: 'Prod' });
    const version = res.optionalString(props.OpenApiVersion, stack.where(IMPLICIT_API_ID, 'OpenApiVersion'));
    apis.set(IMPLICIT_API_ID, { logicalId: IMPLICIT_API_ID, props, managed: true, definition: skeleton(stack.stackName, version), origins: [] });
  }
  const api = apis.get(apiId)!;
  if (!api.managed) return; // SAM leaves an explicit DefinitionBody / DefinitionUri as written
  const route = res.string(p.Path, where('Path'));
  const method = res.string(p.Method, where('Method'));
  const mode = res.optionalString(p.ResponseTransferMode, where('ResponseTransferMode'));
  if (mode !== undefined && !SAM_MODES.includes(mode)) {
    throw new TemplateError(`${stack.file}: ${fn.logicalId}.Events.${eventName}, property ResponseTransferMode: "${mode}" is not valid; SAM accepts BUFFERED or RESPONSE_STREAM` +
      (mode === 'STREAM' ? ' (STREAM is the CloudFormation/OpenAPI spelling; in a SAM Api event write RESPONSE_STREAM)' : ''));
  }
  const timeout = p.TimeoutInMillis === undefined ? undefined : Number(res.resolve(p.TimeoutInMillis, where('TimeoutInMillis')));
  if (timeout !== undefined && !Number.isInteger(timeout)) throw new TemplateError(`${stack.file}: ${fn.logicalId}.Events.${eventName}, property TimeoutInMillis: must be a whole number of milliseconds`);
  const item = (paths(api.definition)[route] ??= {});
  const key = verbKey(method);
  if (item[key] !== undefined) throw new TemplateError(`${stack.file}: ${fn.logicalId}.Events.${eventName}: API method "${method.toLowerCase()}" defined multiple times for path "${route}" (as SAM reports it)`);
  const streaming = mode === 'RESPONSE_STREAM';
  const arn = stack.functionArn(fn);
  const integration: Record<string, unknown> = {
    type: 'aws_proxy',
    httpMethod: 'POST',
    uri: lambdaIntegrationUri(stack.region, arn, streaming ? 'STREAM' : 'BUFFERED'),
  };
  if (streaming) integration.responseTransferMode = 'STREAM';
  if (timeout !== undefined) integration.timeoutInMillis = timeout;
  item[key] = { 'x-amazon-apigateway-integration': integration, responses: {} };
  api.origins.push({
    path: route, httpMethod: key === 'x-amazon-apigateway-any-method' ? 'ANY' : method.toUpperCase(), kind: 'sam-event', file: stack.file,
    location: ['Resources', fn.logicalId, 'Properties', 'Events', eventName, 'Properties'], declaredBy,
  });
}

function apiPlan(api: SamApi, ctx: TranslateContext): ApiPlan {
  const { stack } = ctx;
  const res = stack.resolver;
  const p = api.props;
  const where = (property: string) => stack.where(api.logicalId, property);
  const stageName = res.optionalString(p.StageName, where('StageName'));
  if (!stageName) throw new TemplateError(`${stack.file}: ${api.logicalId}, property StageName: required for an AWS::Serverless::Api`);
  const name = res.optionalString(p.Name, where('Name')) ?? titleOf(api.definition) ?? stack.stackName;
  const binary = p.BinaryMediaTypes === undefined ? undefined
    : (res.resolve(p.BinaryMediaTypes, where('BinaryMediaTypes')) as unknown[]).map((t) => String(t).replace(/~1/g, '/'));
  setApiExtensions(api.definition, {
    title: name, binaryMediaTypes: binary,
    minimumCompressionSize: p.MinimumCompressionSize === undefined ? undefined : Number(res.resolve(p.MinimumCompressionSize, where('MinimumCompressionSize'))),
  });
  const endpoint = p.EndpointConfiguration === undefined ? undefined : res.resolve(p.EndpointConfiguration, where('EndpointConfiguration'));
  const endpointType = typeof endpoint === 'string' ? endpoint : typeof asMap(endpoint).Type === 'string' ? String(asMap(endpoint).Type) : undefined;
  const stageProps = asMap(res.resolve({ Variables: p.Variables, CacheClusterEnabled: p.CacheClusterEnabled, TracingEnabled: p.TracingEnabled }, where('StageName')));
  const stages = [stagePlan(stageName, stageProps)];
  if (p.OpenApiVersion === undefined && stageName !== 'Stage') stages.push({ stageName: 'Stage' });
  return { logicalId: api.logicalId, name, definition: api.definition, endpointType, stages, origins: api.origins };
}

/** SAM's Globals merge: maps merge recursively, lists concatenate (global first), local scalars win. */
export function mergeGlobals(global: unknown, local: unknown): Record<string, unknown> {
  return merge(global, local) as Record<string, unknown>;
}

function merge(global: unknown, local: unknown): unknown {
  if (local === undefined) return structuredClone(global);
  if (global === undefined) return local;
  const isMap = (v: unknown) => v !== null && typeof v === 'object' && !Array.isArray(v) && !isIntrinsic(v);
  if (Array.isArray(global) && Array.isArray(local)) return [...global, ...local];
  if (isMap(global) && isMap(local)) {
    const out: Record<string, unknown> = { ...(global as Record<string, unknown>) };
    for (const [k, v] of Object.entries(local as Record<string, unknown>)) out[k] = merge(out[k], v);
    return out;
  }
  return local;
}
