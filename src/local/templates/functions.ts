// AWS::Serverless::Function and AWS::Lambda::Function → FunctionSpec for the function runner:
// code folder (CodeUri, a local Code path, or a cdk.out asset folder), handler, runtime,
// environment (with --env-vars overrides, as `sam local` applies them), timeout, memory,
// architectures and local layers.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { FunctionSpec } from '../functions/types';
import { NO_VALUE } from './intrinsics';
import { asMap, type Stack, type TemplateResource } from './stack';
import { TemplateError, type TemplateOptions } from './types';

export interface FunctionContext {
  stack: Stack;
  /** Folder local paths are relative to (the template's folder, or cdk.out for assets). */
  baseDir: string;
  envVars: TemplateOptions['envVars'];
}

export function functionSpec(r: TemplateResource, ctx: FunctionContext): FunctionSpec {
  const { stack } = ctx;
  const p = r.properties;
  const res = stack.resolver;
  const where = (property: string) => stack.where(r.logicalId, property);
  const sam = r.type === 'AWS::Serverless::Function';
  const packageType = res.optionalString(p.PackageType, where('PackageType'));
  if (packageType === 'Image') throw new TemplateError(`${stack.file}: ${r.logicalId}, property PackageType: container image functions are not supported locally; use a Zip function with a Runtime`);
  const runtime = res.optionalString(p.Runtime, where('Runtime'));
  if (!runtime) throw new TemplateError(`${stack.file}: ${r.logicalId}, property Runtime: required (e.g. nodejs22.x or provided.al2023)`);
  const handler = res.optionalString(p.Handler, where('Handler')) ?? (runtime.startsWith('provided') ? 'bootstrap' : undefined);
  if (!handler) throw new TemplateError(`${stack.file}: ${r.logicalId}, property Handler: required for ${runtime} (e.g. app.handler)`);
  const codeDir = sam ? samCodeDir(r, ctx) : lambdaCodeDir(r, ctx);
  return {
    name: stack.functionName(r),
    arn: stack.functionArn(r),
    runtime,
    handler,
    codeDir,
    environment: environment(r, ctx),
    timeoutSeconds: positiveNumber(res.resolve(p.Timeout ?? 3, where('Timeout')), stack, r, 'Timeout'),
    memoryMb: positiveNumber(res.resolve(p.MemorySize ?? 128, where('MemorySize')), stack, r, 'MemorySize'),
    architectures: p.Architectures === undefined ? ['x86_64'] : (res.resolve(p.Architectures, where('Architectures')) as unknown[]).map(String),
    layers: layers(r, ctx),
    source: `${path.basename(stack.file)}: ${r.logicalId}`,
  };
}

function samCodeDir(r: TemplateResource, ctx: FunctionContext): string {
  const { stack } = ctx;
  if (r.properties.InlineCode !== undefined) throw new TemplateError(`${stack.file}: ${r.logicalId}, property InlineCode: inline code is not supported locally; put it in a file and set CodeUri`);
  const codeUri = r.properties.CodeUri === undefined ? '.' : stack.resolver.resolve(r.properties.CodeUri, stack.where(r.logicalId, 'CodeUri'));
  if (typeof codeUri !== 'string') throw new TemplateError(`${stack.file}: ${r.logicalId}, property CodeUri: points at S3; StreamGate runs code from a local folder (CodeUri: ./src)`);
  return localDir(codeUri, ctx.baseDir, stack, r, 'CodeUri');
}

function lambdaCodeDir(r: TemplateResource, ctx: FunctionContext): string {
  const { stack } = ctx;
  const assetPath = r.metadata['aws:asset:path'];
  if (typeof assetPath === 'string' && (r.metadata['aws:asset:property'] ?? 'Code') === 'Code') return localDir(assetPath, ctx.baseDir, stack, r, 'Code (aws:asset:path)');
  const code = stack.resolver.resolve(r.properties.Code, stack.where(r.logicalId, 'Code'));
  if (typeof code === 'string') return localDir(code, ctx.baseDir, stack, r, 'Code');
  if (asMap(code).ZipFile !== undefined) throw new TemplateError(`${stack.file}: ${r.logicalId}, property Code.ZipFile: inline code is not supported locally; put it in a folder and set Code to that path`);
  throw new TemplateError(`${stack.file}: ${r.logicalId}, property Code: points at S3 or an image; StreamGate runs code from a local folder (Code: ./src, as \`aws cloudformation package\` accepts)`);
}

function localDir(rel: string, baseDir: string, stack: Stack, r: TemplateResource, property: string): string {
  if (/^s3:\/\//.test(rel)) throw new TemplateError(`${stack.file}: ${r.logicalId}, property ${property}: "${rel}" is in S3; StreamGate runs code from a local folder`);
  const dir = path.resolve(baseDir, rel);
  let stat: fs.Stats;
  try {
    stat = fs.statSync(dir);
  } catch {
    throw new TemplateError(`${stack.file}: ${r.logicalId}, property ${property}: ${dir} does not exist`);
  }
  if (!stat.isDirectory()) throw new TemplateError(`${stack.file}: ${r.logicalId}, property ${property}: ${dir} is a file; a function's code is a folder (zip files are not unpacked locally)`);
  return dir;
}

function environment(r: TemplateResource, ctx: FunctionContext): Record<string, string> {
  const { stack } = ctx;
  const declared = asMap(asMap(r.properties.Environment).Variables);
  const overrides = { ...(ctx.envVars?.Parameters ?? {}), ...(ctx.envVars?.[r.logicalId] ?? {}), ...(ctx.envVars?.[stack.functionName(r)] ?? {}) };
  const out: Record<string, string> = {};
  // As `sam local`: --env-vars overrides only variables the template declares.
  for (const [name, value] of Object.entries(declared)) {
    if (name in overrides) { out[name] = String(overrides[name]); continue; }
    try {
      const resolved = stack.resolver.resolve(value, stack.where(r.logicalId, `Environment.Variables.${name}`));
      if (resolved !== NO_VALUE) out[name] = typeof resolved === 'object' ? JSON.stringify(resolved) : String(resolved);
    } catch (err) {
      throw new TemplateError(`${(err as Error).message} — or give it a value with --env-vars env.json: {"${r.logicalId}": {"${name}": "…"}}`);
    }
  }
  return out;
}

function layers(r: TemplateResource, ctx: FunctionContext): string[] {
  const { stack } = ctx;
  const raw = r.properties.Layers;
  if (!Array.isArray(raw)) return [];
  const out: string[] = [];
  raw.forEach((layer, i) => {
    const property = `Layers[${i}]`;
    // A Ref to a layer of this template: its local content folder.
    const refId = layer && typeof layer === 'object' && 'Ref' in layer ? String((layer as { Ref: unknown }).Ref) : undefined;
    const target = refId ? stack.resource(refId) : undefined;
    if (target && (target.type === 'AWS::Serverless::LayerVersion' || target.type === 'AWS::Lambda::LayerVersion')) {
      const asset = target.metadata['aws:asset:path'];
      const content = typeof asset === 'string' ? asset
        : stack.resolver.resolve(target.properties.ContentUri ?? target.properties.Content, stack.where(target.logicalId, 'ContentUri'));
      if (typeof content !== 'string') throw new TemplateError(`${stack.file}: ${target.logicalId}, property ContentUri: a layer used locally needs a local folder`);
      out.push(localDir(content, ctx.baseDir, stack, target, 'ContentUri'));
      return;
    }
    const value = stack.resolver.string(layer, stack.where(r.logicalId, property));
    if (value.startsWith('arn:')) throw new TemplateError(`${stack.file}: ${r.logicalId}, property ${property}: layer ARN ${value} cannot be fetched locally; use a local layer (an AWS::Serverless::LayerVersion with ContentUri)`);
    out.push(localDir(value, ctx.baseDir, stack, r, property));
  });
  return out;
}

function positiveNumber(value: unknown, stack: Stack, r: TemplateResource, property: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new TemplateError(`${stack.file}: ${r.logicalId}, property ${property}: expected a positive number, got ${JSON.stringify(value)}`);
  return n;
}
