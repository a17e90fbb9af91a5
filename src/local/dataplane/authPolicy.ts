// Evaluates a Lambda authorizer's IAM policy document for one method ARN, as API Gateway does:
// an explicit Deny wins, then any Allow; otherwise access is denied. Action and Resource take
// a string or a list and the IAM wildcards "*" and "?".

export type PolicyVerdict = 'allow' | 'deny' | 'none';

function asList(v: unknown): string[] {
  if (typeof v === 'string') return [v];
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

export function globMatches(pattern: string, value: string): boolean {
  const re = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${re}$`).test(value);
}

const invokeAction = (action: string) => globMatches(action.toLowerCase(), 'execute-api:invoke');

export function policyAllows(policy: unknown, methodArn: string): PolicyVerdict {
  if (!policy || typeof policy !== 'object') return 'none';
  const raw = (policy as Record<string, unknown>).Statement;
  const statements = (Array.isArray(raw) ? raw : [raw]).filter((s): s is Record<string, unknown> => !!s && typeof s === 'object');
  const applies = (s: Record<string, unknown>) => asList(s.Action).some(invokeAction) && asList(s.Resource).some((r) => globMatches(r, methodArn));
  if (statements.some((s) => String(s.Effect).toLowerCase() === 'deny' && applies(s))) return 'deny';
  if (statements.some((s) => String(s.Effect).toLowerCase() === 'allow' && applies(s))) return 'allow';
  return 'none';
}
