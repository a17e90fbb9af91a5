// The equivalent `aws apigateway update-integration` command: one call with every patch op,
// as StreamGate sends it.
import type { SnippetContext } from './context';

/** POSIX shell quoting: leave safe words bare, wrap the rest in single quotes. */
export function shellQuote(value: string): string {
  if (/^[A-Za-z0-9_./:=@,+-]+$/.test(value)) return value;
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

export function awsCliSnippet(ctx: SnippetContext): string {
  const s = ctx.settings;
  const ops: Array<[string, string]> = [
    ['/responseTransferMode', s.responseTransferMode],
    ['/timeoutInMillis', String(s.timeoutInMillis)],
  ];
  if (s.uri !== undefined) ops.push(['/uri', s.uri]);
  // A private integration's connection travels in the same call, so the command reproduces it.
  if (s.connectionType === 'VPC_LINK') {
    ops.push(['/connectionType', 'VPC_LINK']);
    if (s.connectionId) ops.push(['/connectionId', s.connectionId]);
    if (s.integrationTarget) ops.push(['/integrationTarget', s.integrationTarget]);
  }
  // The shorthand syntax splits on commas; fall back to JSON when a value contains one.
  const shorthandSafe = ops.every(([, v]) => !/[,"'\s[\]{}]/.test(v));
  const patch = shorthandSafe
    ? ops.map(([path, value]) => shellQuote(`op=replace,path=${path},value=${value}`)).join(' ')
    : shellQuote(JSON.stringify(ops.map(([path, value]) => ({ op: 'replace', path, value }))));
  const lines = [
    'aws apigateway update-integration',
    `  --rest-api-id ${shellQuote(ctx.apiId)}`,
    `  --resource-id ${shellQuote(ctx.resourceId)}`,
    `  --http-method ${shellQuote(ctx.httpMethod)}`,
    `  --patch-operations ${patch}`,
  ];
  if (ctx.region) lines.push(`  --region ${shellQuote(ctx.region)}`);
  let out = lines.join(' \\\n');
  out += `\n\n# The change takes effect on the invoke URL only after a deployment:\naws apigateway create-deployment --rest-api-id ${shellQuote(ctx.apiId)} --stage-name ${shellQuote(ctx.stageName ?? '<stage>')}`;
  if (ctx.region) out += ` --region ${shellQuote(ctx.region)}`;
  return out + '\n';
}
