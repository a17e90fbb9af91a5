// CloudFormation intrinsic functions, resolved the way CloudFormation would for one stack:
// Ref (parameters, pseudo parameters, resources), Fn::GetAtt, Fn::Sub (both forms), Fn::Join,
// Fn::Select, Fn::Split, Fn::If with Conditions, Fn::Equals/Not/And/Or, Fn::FindInMap,
// Fn::Base64, AWS::NoValue. Only the properties the translator needs are resolved, so an
// unrelated unresolvable value elsewhere never blocks serving the API. A failure names the
// file, the resource and the property.
import { TemplateError } from './types';

export const NO_VALUE: unique symbol = Symbol('AWS::NoValue');

/** Where a value sits, for error messages: resource "ChatFunction", property "Environment.Variables.TABLE". */
export interface Where {
  resource: string;
  property: string;
}

export interface IntrinsicContext {
  /** The template's display name in messages. */
  file: string;
  /** Parameter values after defaults and overrides (a string, or a list for List types). */
  parameters: Record<string, string | string[]>;
  /** Declared parameters with neither a Default nor an override. */
  unsetParameters: ReadonlySet<string>;
  /** AWS::Region, AWS::AccountId, AWS::StackName, AWS::Partition, AWS::URLSuffix, … */
  pseudo: Record<string, string>;
  conditions: Record<string, unknown>;
  mappings: Record<string, unknown>;
  /** What Ref returns for a resource (undefined: not a resource of this template). */
  resourceRef(logicalId: string): string | undefined;
  /** What Fn::GetAtt returns (undefined: the attribute is not known locally). */
  getAtt(logicalId: string, attribute: string): string | undefined;
}

const INTRINSICS = new Set(['Ref', 'Condition', 'Fn::GetAtt', 'Fn::Sub', 'Fn::Join', 'Fn::Select', 'Fn::Split', 'Fn::If', 'Fn::Equals', 'Fn::Not',
  'Fn::And', 'Fn::Or', 'Fn::FindInMap', 'Fn::Base64', 'Fn::ImportValue', 'Fn::GetAZs', 'Fn::Cidr', 'Fn::Transform', 'Fn::ToJsonString', 'Fn::Length']);

export function isIntrinsic(value: unknown): value is Record<string, unknown> {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return false;
  const keys = Object.keys(value);
  return keys.length === 1 && INTRINSICS.has(keys[0]!);
}

export class IntrinsicResolver {
  private readonly conditionCache = new Map<string, boolean>();
  private readonly evaluating = new Set<string>();

  constructor(private readonly ctx: IntrinsicContext) {}

  fail(where: Where, message: string): never {
    throw new TemplateError(`${this.ctx.file}: ${where.resource}, property ${where.property}: ${message}`);
  }

  /** The value with every intrinsic evaluated; NO_VALUE entries are dropped from lists and maps. */
  resolve(value: unknown, where: Where): unknown {
    if (Array.isArray(value)) return value.map((v) => this.resolve(v, where)).filter((v) => v !== NO_VALUE);
    if (!value || typeof value !== 'object') return value;
    if (isIntrinsic(value)) {
      const [name, arg] = Object.entries(value)[0]!;
      return this.evaluate(name, arg, where);
    }
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      const r = this.resolve(v, { ...where, property: `${where.property}.${k}` });
      if (r !== NO_VALUE) out[k] = r;
    }
    return out;
  }

  /** A resolved value that must be a string (numbers and booleans become strings, as in CloudFormation). */
  string(value: unknown, where: Where): string {
    const r = this.resolve(value, where);
    if (typeof r === 'string') return r;
    if (typeof r === 'number' || typeof r === 'boolean') return String(r);
    return this.fail(where, `expected a string, got ${describe(r)}`);
  }

  optionalString(value: unknown, where: Where): string | undefined {
    if (value === undefined) return undefined;
    const r = this.resolve(value, where);
    return r === NO_VALUE || r === undefined ? undefined : this.string(r, where);
  }

  /** Evaluates a condition from the Conditions section. */
  condition(name: string, where: Where): boolean {
    const cached = this.conditionCache.get(name);
    if (cached !== undefined) return cached;
    if (!(name in this.ctx.conditions)) this.fail(where, `condition "${name}" is not declared in Conditions`);
    if (this.evaluating.has(name)) this.fail(where, `condition "${name}" refers to itself`);
    this.evaluating.add(name);
    const r = this.resolve(this.ctx.conditions[name], { resource: `Conditions.${name}`, property: 'value' });
    this.evaluating.delete(name);
    if (typeof r !== 'boolean') this.fail({ resource: `Conditions.${name}`, property: 'value' }, `a condition must evaluate to true or false, got ${describe(r)}`);
    this.conditionCache.set(name, r);
    return r;
  }

  private evaluate(name: string, arg: unknown, where: Where): unknown {
    switch (name) {
      case 'Ref': return this.ref(this.string(arg, where), where);
      case 'Condition': return this.condition(this.string(arg, where), where);
      case 'Fn::GetAtt': return this.getAtt(arg, where);
      case 'Fn::Sub': return this.sub(arg, where);
      case 'Fn::Join': {
        const [delimiter, list] = this.args(name, arg, 2, where);
        const items = this.list(list, where);
        return items.map((i) => this.string(i, where)).join(this.string(delimiter, where));
      }
      case 'Fn::Select': {
        const [index, list] = this.args(name, arg, 2, where);
        const i = Number(this.resolve(index, where));
        const items = this.list(list, where);
        if (!Number.isInteger(i) || i < 0 || i >= items.length) this.fail(where, `Fn::Select index ${String(i)} is outside the list of ${items.length}`);
        return items[i];
      }
      case 'Fn::Split': {
        const [delimiter, source] = this.args(name, arg, 2, where);
        return this.string(source, where).split(this.string(delimiter, where));
      }
      case 'Fn::If': {
        const [cond, whenTrue, whenFalse] = this.args(name, arg, 3, where);
        return this.resolve(this.condition(this.string(cond, where), where) ? whenTrue : whenFalse, where);
      }
      case 'Fn::Equals': {
        const [a, b] = this.args(name, arg, 2, where);
        return JSON.stringify(this.resolve(a, where)) === JSON.stringify(this.resolve(b, where))
          || String(this.resolve(a, where)) === String(this.resolve(b, where));
      }
      case 'Fn::Not': return !this.bool(this.args(name, arg, 1, where)[0], where);
      case 'Fn::And': return this.list(arg, where, false).every((c) => this.bool(c, where));
      case 'Fn::Or': return this.list(arg, where, false).some((c) => this.bool(c, where));
      case 'Fn::FindInMap': {
        const [map, top, second] = this.args(name, arg, 3, where).map((a) => this.string(a, where));
        const found = (this.ctx.mappings[map!] as Record<string, Record<string, unknown>> | undefined)?.[top!]?.[second!];
        if (found === undefined) this.fail(where, `Fn::FindInMap: Mappings.${map}.${top}.${second} does not exist`);
        return this.resolve(found, where);
      }
      case 'Fn::Base64': return Buffer.from(this.string(arg, where)).toString('base64');
      case 'Fn::ToJsonString': return JSON.stringify(this.resolve(arg, where));
      case 'Fn::Length': return this.list(arg, where).length;
      default:
        return this.fail(where, `${name} cannot be resolved locally (it needs another stack or the AWS account); replace it with a parameter and pass --parameter-overrides`);
    }
  }

  private ref(name: string, where: Where): unknown {
    if (name === 'AWS::NoValue') return NO_VALUE;
    if (name in this.ctx.parameters) return this.ctx.parameters[name];
    if (this.ctx.unsetParameters.has(name)) this.fail(where, `parameter "${name}" has no Default; pass --parameter-overrides ${name}=VALUE`);
    const pseudo = this.ctx.pseudo[name];
    if (pseudo !== undefined) return pseudo;
    const resource = this.ctx.resourceRef(name);
    if (resource !== undefined) return resource;
    return this.fail(where, `Ref "${name}" is neither a parameter, a pseudo parameter nor a resource of this template`);
  }

  private getAtt(arg: unknown, where: Where): string {
    let parts: string[];
    if (typeof arg === 'string') {
      const dot = arg.indexOf('.');
      parts = dot === -1 ? [arg] : [arg.slice(0, dot), arg.slice(dot + 1)];
    } else {
      parts = this.list(arg, where).map((p) => this.string(p, where));
    }
    const [logicalId, attribute] = parts;
    if (!logicalId || !attribute || parts.length !== 2) this.fail(where, 'Fn::GetAtt needs [LogicalId, Attribute]');
    return this.getAttValue(logicalId, attribute, where);
  }

  private getAttValue(logicalId: string, attribute: string, where: Where): string {
    const value = this.ctx.getAtt(logicalId, attribute);
    if (value !== undefined) return value;
    if (this.ctx.resourceRef(logicalId) === undefined) this.fail(where, `Fn::GetAtt ${logicalId}.${attribute}: there is no resource "${logicalId}" in this template`);
    return this.fail(where, `Fn::GetAtt ${logicalId}.${attribute} is not known locally (only a function's Arn, an API's RootResourceId and a few others are)`);
  }

  private sub(arg: unknown, where: Where): string {
    let template: unknown = arg;
    let variables: Record<string, unknown> = {};
    if (Array.isArray(arg)) {
      if (arg.length !== 2) this.fail(where, 'Fn::Sub takes a string or [string, {variables}]');
      template = arg[0];
      variables = (arg[1] && typeof arg[1] === 'object' ? arg[1] : {}) as Record<string, unknown>;
    }
    if (typeof template !== 'string') this.fail(where, 'Fn::Sub needs a string');
    return template.replace(/\$\{([^}]*)\}/g, (whole, inner: string) => {
      if (inner.startsWith('!')) return `\${${inner.slice(1)}}`; // ${!Literal} writes ${Literal}
      const name = inner.trim();
      if (name in variables) return this.string(variables[name], where);
      const dot = name.indexOf('.');
      if (dot !== -1 && !name.startsWith('AWS::')) return this.getAttValue(name.slice(0, dot), name.slice(dot + 1), where);
      const value = this.ref(name, where);
      if (Array.isArray(value)) return value.join(',');
      if (value === NO_VALUE) return this.fail(where, `Fn::Sub cannot substitute ${whole}`);
      return String(value);
    });
  }

  private args(name: string, arg: unknown, count: number, where: Where): unknown[] {
    if (!Array.isArray(arg) || arg.length !== count) this.fail(where, `${name} takes a list of ${count}`);
    return arg;
  }

  private list(value: unknown, where: Where, resolve = true): unknown[] {
    const r = resolve ? this.resolve(value, where) : value;
    if (!Array.isArray(r)) this.fail(where, `expected a list, got ${describe(r)}`);
    return r;
  }

  private bool(value: unknown, where: Where): boolean {
    const r = this.resolve(value, where);
    if (typeof r === 'boolean') return r;
    if (r === 'true' || r === 'false') return r === 'true';
    return this.fail(where, `expected true or false, got ${describe(r)}`);
  }
}

function describe(value: unknown): string {
  if (value === NO_VALUE) return 'AWS::NoValue';
  if (Array.isArray(value)) return 'a list';
  if (value === null || value === undefined) return 'nothing';
  return typeof value === 'object' ? 'an object' : `${typeof value} ${JSON.stringify(value)}`;
}
