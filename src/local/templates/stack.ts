// One stack's evaluation context: parameters (defaults, AllowedValues, --parameter-overrides),
// pseudo parameters, conditions, mappings, and what Ref / Fn::GetAtt return for its resources.
// Shared by the SAM, CloudFormation and cdk.out translators.
import { IntrinsicResolver, type Where } from './intrinsics';
import { DEFAULT_ACCOUNT_ID, DEFAULT_REGION, TemplateError, type TemplateOptions } from './types';

export interface TemplateResource {
  logicalId: string;
  type: string;
  properties: Record<string, unknown>;
  metadata: Record<string, unknown>;
  raw: Record<string, unknown>;
}

const FUNCTION_TYPES = new Set(['AWS::Serverless::Function', 'AWS::Lambda::Function']);
const API_TYPES = new Set(['AWS::Serverless::Api', 'AWS::ApiGateway::RestApi']);
/** Lambda's rule for function names (as the gateway's ARN parser accepts them). */
const FUNCTION_NAME = /^[A-Za-z0-9_-]{1,64}$/;

export class Stack {
  readonly resolver: IntrinsicResolver;
  readonly region: string;
  readonly accountId: string;
  /** Resources whose Condition holds, in template order. */
  readonly resources: TemplateResource[];
  private readonly byId = new Map<string, TemplateResource>();
  private readonly functionNames = new Map<string, string>();

  constructor(readonly template: Record<string, unknown>, readonly file: string, readonly stackName: string, opts: TemplateOptions) {
    this.region = opts.region ?? DEFAULT_REGION;
    this.accountId = opts.accountId ?? DEFAULT_ACCOUNT_ID;
    const parameters = resolveParameters(template.Parameters, opts.parameterOverrides ?? {}, file);
    const unsetParameters = new Set(Object.keys(asMap(template.Parameters)).filter((p) => !(p in parameters)));
    const all = Object.entries(asMap(template.Resources)).map(([logicalId, r]) => toResource(logicalId, r, file));
    for (const r of all) this.byId.set(r.logicalId, r);
    this.resolver = new IntrinsicResolver({
      file,
      parameters,
      unsetParameters,
      pseudo: {
        'AWS::Region': this.region,
        'AWS::AccountId': this.accountId,
        'AWS::StackName': stackName,
        'AWS::StackId': `arn:aws:cloudformation:${this.region}:${this.accountId}:stack/${stackName}/00000000-0000-0000-0000-000000000000`,
        'AWS::Partition': 'aws',
        'AWS::URLSuffix': 'amazonaws.com',
      },
      conditions: asMap(template.Conditions),
      mappings: asMap(template.Mappings),
      resourceRef: (id) => (this.byId.has(id) ? this.refOf(this.byId.get(id)!) : undefined),
      getAtt: (id, attribute) => this.getAttOf(id, attribute),
    });
    this.resources = all.filter((r) => {
      const cond = r.raw.Condition;
      return cond === undefined || this.resolver.condition(String(cond), { resource: r.logicalId, property: 'Condition' });
    });
  }

  resource(logicalId: string): TemplateResource | undefined {
    return this.resources.find((r) => r.logicalId === logicalId);
  }

  where(resource: string, property: string): Where {
    return { resource, property };
  }

  /** A function's name: its FunctionName when set, else its logical id (our stand-in for the generated name). */
  functionName(r: TemplateResource): string {
    const known = this.functionNames.get(r.logicalId);
    if (known) return known;
    const name = r.properties.FunctionName === undefined ? r.logicalId
      : this.resolver.string(r.properties.FunctionName, this.where(r.logicalId, 'FunctionName'));
    if (!FUNCTION_NAME.test(name)) {
      throw new TemplateError(`${this.file}: ${r.logicalId}, property FunctionName: "${name}" is not a valid Lambda function name (letters, digits, - and _, at most 64)`);
    }
    this.functionNames.set(r.logicalId, name);
    return name;
  }

  functionArn(r: TemplateResource): string {
    return `arn:aws:lambda:${this.region}:${this.accountId}:function:${this.functionName(r)}`;
  }

  private refOf(r: TemplateResource): string {
    // Ref of a function is its name; of anything else, the logical id stands in for the
    // physical id CloudFormation would generate (as `sam local` does).
    return FUNCTION_TYPES.has(r.type) ? this.functionName(r) : r.logicalId;
  }

  private getAttOf(logicalId: string, attribute: string): string | undefined {
    const r = this.byId.get(logicalId);
    if (!r) return undefined;
    if (FUNCTION_TYPES.has(r.type) && attribute === 'Arn') return this.functionArn(r);
    if (API_TYPES.has(r.type) && attribute === 'RootResourceId') return rootResourceMarker(logicalId);
    if (r.type === 'AWS::ApiGateway::Resource' && attribute === 'ResourceId') return logicalId;
    return undefined;
  }
}

/** What Fn::GetAtt Api.RootResourceId resolves to; AWS::ApiGateway::Resource ParentId compares against it. */
export function rootResourceMarker(apiLogicalId: string): string {
  return `${apiLogicalId}.RootResourceId`;
}

export function asMap(value: unknown): Record<string, unknown> {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

function toResource(logicalId: string, raw: unknown, file: string): TemplateResource {
  const r = asMap(raw);
  if (typeof r.Type !== 'string') throw new TemplateError(`${file}: resource ${logicalId} has no Type`);
  return { logicalId, type: r.Type, properties: asMap(r.Properties), metadata: asMap(r.Metadata), raw: r };
}

function resolveParameters(declared: unknown, overrides: Record<string, string>, file: string): Record<string, string | string[]> {
  const params = asMap(declared);
  for (const name of Object.keys(overrides)) {
    if (!(name in params)) {
      throw new TemplateError(`${file}: --parameter-overrides sets "${name}", which is not a parameter of this template (parameters: ${Object.keys(params).join(', ') || 'none'})`);
    }
  }
  const out: Record<string, string | string[]> = {};
  for (const [name, rawSpec] of Object.entries(params)) {
    const spec = asMap(rawSpec);
    const type = String(spec.Type ?? 'String');
    const given = overrides[name] ?? (spec.Default === undefined ? undefined : String(spec.Default));
    if (given === undefined) {
      // Only an error when something refers to it: record nothing, and Ref fails with a clear message.
      continue;
    }
    if (type.startsWith('AWS::SSM::Parameter::Value') && overrides[name] === undefined) continue; // needs SSM: only an override helps
    const allowed = Array.isArray(spec.AllowedValues) ? spec.AllowedValues.map(String) : undefined;
    if (allowed && !allowed.includes(given)) {
      throw new TemplateError(`${file}: parameter ${name} is "${given}" but must be one of ${allowed.join(', ')}`);
    }
    if (type === 'Number' && !Number.isFinite(Number(given))) throw new TemplateError(`${file}: parameter ${name} must be a number, got "${given}"`);
    out[name] = type === 'CommaDelimitedList' || type.startsWith('List<') ? given.split(',').map((s) => s.trim()) : given;
  }
  return out;
}
