// Evaluates an API's resource policy for one invocation, the way IAM does for execute-api:Invoke:
// an explicit Deny wins, then any Allow, otherwise an implicit deny. Conditions cover what
// private APIs use — aws:SourceVpce, aws:SourceVpc (and aws:SourceIp) with the String* and
// IpAddress operators. An operator or key the local gateway does not know never matches, and
// the decision says so, rather than silently granting access.
import { BlockList, isIPv4 } from 'node:net';

export interface InvokeRequestContext {
  /** arn:aws:execute-api:{region}:{account}:{apiId}/{stage}/{VERB}/{path} */
  resourceArn: string;
  apiArnPrefix: string;
  sourceVpce?: string;
  sourceVpc?: string;
  sourceIp?: string;
  /** True when the request carries AWS credentials (SigV4); needed for AWS principals. */
  signed: boolean;
}

export interface PolicyDecision {
  effect: 'allow' | 'explicit-deny' | 'implicit-deny';
  /** Why, for the execution-log detail. */
  reason: string;
}

type Json = Record<string, unknown>;
const list = (v: unknown): unknown[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

/** IAM wildcards: * any run of characters, ? one character; case-sensitive. */
function globMatch(pattern: string, value: string): boolean {
  const re = new RegExp(`^${pattern.split('').map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[.+^${}()|[\]\\]/g, '\\$&'))).join('')}$`, 's');
  return re.test(value);
}

function actionMatches(stmt: Json): boolean {
  if (stmt.NotAction !== undefined) return !list(stmt.NotAction).some((a) => typeof a === 'string' && globMatch(a.toLowerCase(), 'execute-api:invoke'));
  return list(stmt.Action).some((a) => typeof a === 'string' && globMatch(a.toLowerCase(), 'execute-api:invoke'));
}

function expandResource(pattern: string, ctx: InvokeRequestContext): string {
  // "execute-api:/stage/VERB/path" is API Gateway's shorthand for this API's ARN.
  return pattern.startsWith('execute-api:/') ? `${ctx.apiArnPrefix}/${pattern.slice('execute-api:/'.length)}` : pattern;
}

function resourceMatches(stmt: Json, ctx: InvokeRequestContext): boolean {
  const matches = (v: unknown) => typeof v === 'string' && globMatch(expandResource(v, ctx), ctx.resourceArn);
  if (stmt.NotResource !== undefined) return !list(stmt.NotResource).some(matches);
  return list(stmt.Resource).some(matches);
}

function principalMatches(stmt: Json, ctx: InvokeRequestContext): boolean {
  const p = stmt.Principal;
  if (p === '*') return true;
  if (p && typeof p === 'object') {
    const aws = list((p as Json).AWS);
    if (aws.includes('*')) return true;
    // An AWS account or role principal: only a signed (IAM-authorized) request can match it.
    return aws.length > 0 && ctx.signed;
  }
  return false;
}

function contextValue(key: string, ctx: InvokeRequestContext): string | undefined {
  switch (key.toLowerCase()) {
    case 'aws:sourcevpce': return ctx.sourceVpce;
    case 'aws:sourcevpc': return ctx.sourceVpc;
    case 'aws:sourceip': return ctx.sourceIp;
    default: return undefined;
  }
}

const KNOWN_KEYS = new Set(['aws:sourcevpce', 'aws:sourcevpc', 'aws:sourceip']);

function ipInCidr(ip: string | undefined, cidr: string): boolean {
  if (!ip) return false;
  const [net, bits] = cidr.split('/');
  const family = isIPv4(net!) ? 'ipv4' : 'ipv6';
  const block = new BlockList();
  try {
    if (bits === undefined) block.addAddress(net!, family);
    else block.addSubnet(net!, Number(bits), family);
    return block.check(ip.replace(/^::ffff:/, ''), isIPv4(ip.replace(/^::ffff:/, '')) ? 'ipv4' : 'ipv6');
  } catch {
    return false;
  }
}

/** One condition operator over one key; `undefined` when the operator or key is unknown. */
function testCondition(operator: string, key: string, expected: unknown[], ctx: InvokeRequestContext): boolean | undefined {
  if (!KNOWN_KEYS.has(key.toLowerCase())) return undefined;
  const actual = contextValue(key, ctx);
  const values = expected.filter((v): v is string => typeof v === 'string');
  const op = operator.replace(/IfExists$/, '');
  if (actual === undefined && operator.endsWith('IfExists')) return true;
  switch (op) {
    case 'StringEquals': return actual !== undefined && values.includes(actual);
    case 'StringNotEquals': return actual === undefined || !values.includes(actual);
    case 'StringEqualsIgnoreCase': return actual !== undefined && values.some((v) => v.toLowerCase() === actual.toLowerCase());
    case 'StringNotEqualsIgnoreCase': return actual === undefined || !values.some((v) => v.toLowerCase() === actual.toLowerCase());
    case 'StringLike': return actual !== undefined && values.some((v) => globMatch(v, actual));
    case 'StringNotLike': return actual === undefined || !values.some((v) => globMatch(v, actual));
    case 'IpAddress': return values.some((v) => ipInCidr(actual, v));
    case 'NotIpAddress': return !values.some((v) => ipInCidr(actual, v));
    default: return undefined;
  }
}

function conditionsMatch(stmt: Json, ctx: InvokeRequestContext, unknown: string[]): boolean {
  const cond = stmt.Condition;
  if (cond === undefined) return true;
  if (!cond || typeof cond !== 'object') return false;
  for (const [operator, block] of Object.entries(cond as Json)) {
    if (!block || typeof block !== 'object') return false;
    for (const [key, expected] of Object.entries(block as Json)) {
      const r = testCondition(operator, key, list(expected), ctx);
      if (r === undefined) { unknown.push(`${operator} ${key}`); return false; }
      if (!r) return false;
    }
  }
  return true;
}

export function evaluateResourcePolicy(policy: string, ctx: InvokeRequestContext): PolicyDecision {
  let doc: Json;
  try {
    doc = JSON.parse(policy) as Json;
  } catch {
    return { effect: 'implicit-deny', reason: 'the resource policy is not valid JSON' };
  }
  const unknown: string[] = [];
  let allowedBy: number | undefined;
  const statements = list(doc.Statement);
  for (const [index, raw] of statements.entries()) {
    if (!raw || typeof raw !== 'object') continue;
    const stmt = raw as Json;
    const applies = principalMatches(stmt, ctx) && actionMatches(stmt) && resourceMatches(stmt, ctx) && conditionsMatch(stmt, ctx, unknown);
    if (!applies) continue;
    if (stmt.Effect === 'Deny') return { effect: 'explicit-deny', reason: `statement ${stmt.Sid ? `"${String(stmt.Sid)}"` : index} denies ${describeSource(ctx)}` };
    if (stmt.Effect === 'Allow') allowedBy ??= index;
  }
  if (allowedBy !== undefined) {
    const stmt = statements[allowedBy] as Json;
    return { effect: 'allow', reason: `statement ${stmt.Sid ? `"${String(stmt.Sid)}"` : allowedBy} allows ${describeSource(ctx)}` };
  }
  const note = unknown.length ? `; conditions the local gateway cannot evaluate never match: ${[...new Set(unknown)].join(', ')}` : '';
  return { effect: 'implicit-deny', reason: `no statement allows ${describeSource(ctx)}${note}` };
}

function describeSource(ctx: InvokeRequestContext): string {
  return `${ctx.resourceArn} from ${ctx.sourceVpce ? `VPC endpoint ${ctx.sourceVpce}` : 'outside any VPC endpoint'}${ctx.sourceVpc ? ` (VPC ${ctx.sourceVpc})` : ''}`;
}
